package org.sleepdelta.ingest.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hostile inputs made at test time (never files in git): bombs, deep nesting, long runs of one byte. */
final class HostilePayloads {
    private HostilePayloads() {}

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code prefix}, then {@code unit} {@code count} times, then {@code suffix}. */
    static byte[] repeated(String prefix, String unit, int count, String suffix) {
        return utf8(prefix + unit.repeat(count) + suffix);
    }

    /** {@code count} bytes {@code b} in a row, as a stream that never holds them. */
    static InputStream run(byte b, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return b & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, b);
                left -= n;
                return n;
            }
        };
    }

    /** {@code head}, {@code spaces} spaces and {@code tail}, gzip-compressed: about 1000:1. */
    static byte[] gzipBomb(String head, long spaces, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            write(gz, head, spaces, tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip holding one entry {@code name} of {@code head}, {@code spaces} spaces and {@code tail}, deflated. */
    static byte[] zipBomb(String name, String head, long spaces, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(name));
            write(zip, head, spaces, tail);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A zip whose export.xml is well-formed and within every XML limit, but of {@code bytes} bytes of empty elements
     * Apple never writes, which deflate about 1000:1: only the archive's expansion limit stops it.
     */
    static byte[] zipBombOfElements(long bytes) {
        byte[] unit = utf8("<Skipped/>\n");
        byte[] block = new byte[unit.length * 6000];
        for (int i = 0; i < block.length; i += unit.length) {
            System.arraycopy(unit, 0, block, i, unit.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("apple_health_export/export.xml"));
            zip.write(utf8("<HealthData locale=\"en_US\">\n"));
            for (long written = 0; written < bytes; written += block.length) {
                zip.write(block);
            }
            zip.write(utf8("</HealthData>\n"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip of {@code entries} empty entries and no export.xml. */
    static byte[] zipOfEmptyEntries(int entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries; i++) {
                zip.putNextEntry(new ZipEntry("e" + i));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A zip of Apple's layout holding {@code xml} as {@code apple_health_export/export.xml}. */
    static byte[] zipped(String xml) {
        return zipBomb("apple_health_export/export.xml", xml, 0, "");
    }

    private static void write(OutputStream out, String head, long spaces, String tail) throws IOException {
        out.write(utf8(head));
        run((byte) ' ', spaces).transferTo(out);
        out.write(utf8(tail));
    }

    /** The classic billion laughs: ten entities of ten references each, 10^9 "lol" if expanded. */
    static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n");
        dtd.append(" <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            dtd.append(" <!ENTITY lol").append(i).append(" \"");
            dtd.append(("&lol" + (i - 1) + ";").repeat(10));
            dtd.append("\">\n");
        }
        return dtd.append("]>\n<HealthData locale=\"en_US\"><ExportDate value=\"&lol9;\"/></HealthData>\n")
                .toString();
    }

    /** An external entity naming a local file, used in a record's value. */
    static String externalEntity(String systemId) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n <!ENTITY xxe SYSTEM \"" + systemId + "\">\n]>\n"
                + "<HealthData locale=\"en_US\"><ExportDate value=\"&xxe;\"/></HealthData>\n";
    }

    /** An external DTD only: never fetched (DTDs are not processed); the document itself is harmless. */
    static String externalDtd(String systemId) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData SYSTEM \"" + systemId + "\">\n"
                + "<HealthData locale=\"en_US\"><ExportDate value=\"2026-03-02 07:00:00 +0100\"/></HealthData>\n";
    }

    /** One Oura sleep document (API v2) for a night that ended {@code daysAgo} days ago, as JSON text. */
    static String ouraDocument(String id, int daysAgo) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(daysAgo, ChronoUnit.DAYS);
        return ouraDocument(
                id,
                end.minus(8, ChronoUnit.HOURS).toString(),
                end.toString(),
                end.atZone(ZoneOffset.UTC).toLocalDate().toString());
    }

    static String ouraDocument(String id, String bedtimeStart, String bedtimeEnd, String day) {
        return "{\"id\":\"" + id + "\",\"bedtime_start\":\"" + bedtimeStart + "\",\"bedtime_end\":\"" + bedtimeEnd
                + "\",\"day\":\"" + day + "\",\"type\":\"long_sleep\",\"period\":0,\"total_sleep_duration\":25200,"
                + "\"time_in_bed\":27900,\"awake_time\":2700,\"latency\":540,\"deep_sleep_duration\":4500,"
                + "\"rem_sleep_duration\":5400,\"light_sleep_duration\":15300,\"efficiency\":90}";
    }
}
