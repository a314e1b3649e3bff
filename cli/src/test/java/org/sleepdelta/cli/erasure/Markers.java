package org.sleepdelta.cli.erasure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Strings to search raw bytes for, as UTF-8 (how Avro, JSON and PostgreSQL text store them). */
final class Markers {
    private final List<String> texts;
    private final List<byte[]> bytes = new ArrayList<>();

    Markers(List<String> texts) {
        this.texts = List.copyOf(texts);
        for (String text : texts) {
            bytes.add(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    List<String> texts() {
        return texts;
    }

    /** Every marker {@code data} contains, once each. */
    List<String> in(byte[] data) {
        List<String> found = new ArrayList<>();
        if (data == null) {
            return found;
        }
        for (int i = 0; i < bytes.size(); i++) {
            if (indexOf(data, bytes.get(i)) >= 0) {
                found.add(texts.get(i));
            }
        }
        return found;
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
