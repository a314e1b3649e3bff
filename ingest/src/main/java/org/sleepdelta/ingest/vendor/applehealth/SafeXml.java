package org.sleepdelta.ingest.vendor.applehealth;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.InputStream;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader that is safe on untrusted uploads and still reads Apple's exports, which start with an internal DTD.
 * <ul>
 *   <li>Woodstox, not the JDK's parser, because the JDK's has no limit on an attribute value's length: one multi-GB
 *       attribute would be accumulated whole and exhaust the heap. Woodstox is created directly, not found on the class
 *       path, so the limits below always apply.</li>
 *   <li>DTD support is off: the internal subset is skipped, never processed, so no entity can be declared (no
 *       billion laughs) and nothing external is ever fetched (no XXE); a resolver that refuses everything backs that
 *       up. A document that uses an entity of its own is refused as not well-formed. The predefined entities for
 *       {@code <} and {@code >} in Apple's {@code device} attributes are not declarations and are not counted.</li>
 *   <li>Limits that real exports never reach (their longest attribute is a few hundred characters, they nest four
 *       elements deep, a {@code <Record>} has nine attributes and there is no text but the whitespace between
 *       elements), so a breach is refused as soon as it is seen, with a {@link XmlLimitExceeded} naming the limit.</li>
 * </ul>
 */
final class SafeXml {
    /** Longest attribute value, in characters: 64 KiB, over a hundred times Apple's longest (a {@code device}). */
    static final int MAX_ATTRIBUTE_CHARS = 64 * 1024;

    /** Longest text node, in characters: 1 MiB. Exports hold only the indentation between elements. */
    static final int MAX_TEXT_CHARS = 1024 * 1024;

    /** Deepest element nesting: 32. Exports nest at most four deep (a beat in an HRV list in a record). */
    static final int MAX_ELEMENT_DEPTH = 32;

    /** Most attributes on one element: 64. A {@code <Record>} has nine, {@code <Me>} five. */
    static final int MAX_ATTRIBUTES_PER_ELEMENT = 64;

    /**
     * Longest run of bytes without whitespace or markup ({@link TokenLengthLimit}), which bounds names: 1 MiB, above
     * the 256 KiB a longest attribute value may take in UTF-8, so that its own limit reports first.
     */
    static final int MAX_UNBROKEN_BYTES = 1024 * 1024;

    private SafeXml() {}

    static XMLStreamReader reader(InputStream xml) throws XMLStreamException {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entities and DTDs are never resolved");
        });
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_CHARS);
        factory.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_CHARS);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_ELEMENT_DEPTH);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, MAX_ATTRIBUTES_PER_ELEMENT);
        return factory.createXMLStreamReader(new TokenLengthLimit(xml, MAX_UNBROKEN_BYTES));
    }

    /**
     * The limit a parser failure reports, in the client's terms, or null if the failure is not a limit. Woodstox has
     * no exception type per limit, only these messages (which quote no input); {@code XmlLimitsTest} pins them.
     */
    static String limitBreached(XMLStreamException failure) {
        XmlLimitExceeded own = XmlLimitExceeded.find(failure);
        if (own != null) {
            return own.getMessage();
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("attribute size limit")) {
            return "export.xml has an attribute value longer than " + MAX_ATTRIBUTE_CHARS + " characters";
        } else if (message.contains("text size limit")) {
            return "export.xml has a text, comment or CDATA section longer than " + MAX_TEXT_CHARS + " characters";
        } else if (message.contains("element depth limit")) {
            return "export.xml nests elements more than " + MAX_ELEMENT_DEPTH + " deep";
        } else if (message.contains("attribute limit")) {
            return "export.xml has an element with more than " + MAX_ATTRIBUTES_PER_ELEMENT + " attributes";
        }
        return null;
    }
}
