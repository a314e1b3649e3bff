package org.sleepdelta.ingest.vendor.applehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sleepdelta.ingest.vendor.Fixtures.CLIENT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sleepdelta.ingest.vendor.CollectingSink;
import org.sleepdelta.ingest.vendor.PayloadException;

/**
 * SafeXml's limits on a hostile export.xml: each breach is a {@link PayloadException} naming the limit, found while
 * streaming (an endless payload is refused after the limit, not read to the end), and nothing external is resolved.
 */
class XmlLimitsTest {
    private static final String HEAD = "<?xml version=\"1.0\"?>\n<HealthData locale=\"en_GB\">\n";
    private final AppleHealthAdapter adapter = new AppleHealthAdapter();

    /** A head, then the filler repeated without end (or for a number of bytes, then a tail); counts what is read. */
    private static final class Endless extends InputStream {
        private final byte[] head;
        private final byte[] filler;
        private final long fillerBytes;
        private final byte[] tail;
        long read;

        Endless(String head, String filler) {
            this(head, filler, Long.MAX_VALUE, "");
        }

        Endless(String head, String filler, long fillerBytes, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.filler = filler.getBytes(StandardCharsets.UTF_8);
            this.fillerBytes = fillerBytes;
            this.tail = tail.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            long i = read;
            if (i < head.length) {
                read++;
                return head[(int) i] & 0xff;
            }
            i -= head.length;
            if (i < fillerBytes) {
                read++;
                return filler[(int) (i % filler.length)] & 0xff;
            }
            i -= fillerBytes;
            if (i < tail.length) {
                read++;
                return tail[(int) i] & 0xff;
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            for (int i = 0; i < length; i++) {
                int b = read();
                if (b < 0) {
                    return i == 0 ? -1 : i;
                }
                buffer[offset + i] = (byte) b;
            }
            return length;
        }
    }

    private void normalise(InputStream payload) throws IOException, PayloadException {
        adapter.normalise(payload, CLIENT, new CollectingSink());
    }

    @Test
    void anEndlessAttributeValueIsRefusedAfterTheLimitWithoutReadingOn() {
        // given an attribute that never ends (as a multi-GB one would, for the heap)
        Endless payload =
                new Endless(HEAD + "<Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"", "a");

        // when / then
        assertThatThrownBy(() -> normalise(payload))
                .isInstanceOf(PayloadException.class)
                .hasMessage("export.xml has an attribute value longer than 65536 characters (line 3)");
        assertThat(payload.read).as("bytes read").isLessThan(4L * SafeXml.MAX_ATTRIBUTE_CHARS);
    }

    @Test
    void aFiftyMegabyteAttributeOfMultiByteCharactersIsRefusedAsWell() {
        // given 50 MB of 'é' (two bytes each in UTF-8) in one attribute
        String head = HEAD + "<Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" device=\"";
        Endless fiftyMegabytes = new Endless(head, "é", 50L << 20, "\"/></HealthData>");

        assertThatThrownBy(() -> normalise(fiftyMegabytes))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("export.xml has an attribute value longer than 65536 characters");
        assertThat(fiftyMegabytes.read).as("bytes read").isLessThan(4L * SafeXml.MAX_ATTRIBUTE_CHARS);
    }

    @Test
    void anEndlessElementNameIsRefusedAfterTheUnbrokenRunLimit() {
        Endless payload = new Endless(HEAD + "<Rec", "o");

        assertThatThrownBy(() -> normalise(payload))
                .isInstanceOf(PayloadException.class)
                .hasMessage("export.xml has a name or another unbroken run of more than 1048576 bytes (line 3)");
        assertThat(payload.read).as("bytes read").isLessThan(2L * SafeXml.MAX_UNBROKEN_BYTES);
    }

    @Test
    void anEndlessAttributeNameIsRefusedAsWell() {
        Endless payload = new Endless(HEAD + "<Record x", "y");

        assertThatThrownBy(() -> normalise(payload))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("unbroken run of more than 1048576 bytes");
    }

    @Test
    void endlessTextAndEndlessCommentsAreRefusedAfterTheTextLimit() {
        // whitespace in the filler, so that the text limit (not the unbroken-run limit) is the one reached
        Endless text = new Endless(HEAD, "sleep ");
        Endless comment = new Endless(HEAD + "<!--", "sleep ");

        assertThatThrownBy(() -> normalise(text))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith(
                        "export.xml has a text, comment or CDATA section longer than 1048576 characters");
        assertThatThrownBy(() -> normalise(comment))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith(
                        "export.xml has a text, comment or CDATA section longer than 1048576 characters");
        assertThat(text.read).as("bytes read").isLessThan(2L * SafeXml.MAX_TEXT_CHARS);
    }

    @Test
    void endlessNestingIsRefusedAfterTheDepthLimit() {
        Endless payload = new Endless(HEAD, "<Correlation>");

        assertThatThrownBy(() -> normalise(payload))
                .isInstanceOf(PayloadException.class)
                .hasMessageStartingWith("export.xml nests elements more than 32 deep");
    }

    @Test
    void anElementWithEndlessAttributesIsRefusedAfterTheAttributeCountLimit() {
        StringBuilder attributes = new StringBuilder(HEAD + "<Record");
        for (int i = 0; i < 100; i++) {
            attributes.append(" a").append(i).append("=\"1\"");
        }
        byte[] xml = (attributes + "/></HealthData>").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> normalise(new ByteArrayInputStream(xml)))
                .isInstanceOf(PayloadException.class)
                .hasMessage("export.xml has an element with more than 64 attributes (line 3)");
    }

    @Test
    void externalEntitiesAndDtdsAreNeverFetched() throws Exception {
        // given a listening socket that any fetch would connect to, and a file any file entity would read
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            String url = "http://127.0.0.1:" + server.socket().getLocalPort() + "/x";
            String record = "<Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"&xxe;\" "
                    + "startDate=\"2026-03-02 23:00:00 +0100\" endDate=\"2026-03-03 07:00:00 +0100\" "
                    + "value=\"HKCategoryValueSleepAnalysisAsleepUnspecified\"/>";
            String httpEntity = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM \"" + url
                    + "\">]>\n<HealthData>" + record + "</HealthData>";
            String fileEntity = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [<!ENTITY xxe SYSTEM "
                    + "\"file:///etc/passwd\">]>\n<HealthData>" + record + "</HealthData>";
            String parameterEntity = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [<!ENTITY % dtd SYSTEM \"" + url
                    + "\"> %dtd;]>\n<HealthData/>";
            String externalDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData SYSTEM \"" + url + "\">\n<HealthData/>";

            // when / then: an entity used is undeclared as far as the parser is concerned, and nothing is read
            assertThatThrownBy(() -> normalise(bytes(httpEntity)))
                    .isInstanceOf(PayloadException.class)
                    .hasMessageStartingWith("export.xml is not well-formed XML");
            assertThatThrownBy(() -> normalise(bytes(fileEntity)))
                    .isInstanceOf(PayloadException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
            normalise(bytes(parameterEntity));
            normalise(bytes(externalDtd));
            // A fetch would have connected by now (parsing is synchronous), and the connection would be queued.
            assertThat(server.accept()).as("a connection to the entity's URL").isNull();
        }
    }

    private static InputStream bytes(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
