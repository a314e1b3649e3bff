package org.sleepdelta.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;

/** One record of a batch as read, before validation, with its index for problem reports ({@link RecordProblem}). */
record BatchItem(long index, JsonNode node) {}
