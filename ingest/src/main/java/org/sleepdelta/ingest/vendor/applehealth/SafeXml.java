package org.sleepdelta.ingest.vendor.applehealth;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader that is safe on untrusted uploads and still reads Apple's exports, which start with an internal DTD.
 * <ul>
 *   <li>DTD support is off: the internal subset is skipped, never processed, so no entity can be declared (no
 *       billion laughs) and nothing external is ever fetched (no XXE). A document that uses an entity of its own is
 *       rejected as not well-formed.</li>
 *   <li>The JDK's accumulated-entity-size limit (50 million characters under secure processing) is lifted: with
 *       declarations off it can only count the predefined {@code &lt;}/{@code &gt;} in Apple's {@code device}
 *       attributes, and a large export has tens of millions of them — the limit would stop it half way.</li>
 *   <li>The JDK's own implementation is used, not whatever happens to be on the class path.</li>
 * </ul>
 */
final class SafeXml {
    private static final String TOTAL_ENTITY_SIZE_LIMIT =
            "http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit";

    private SafeXml() {}

    static XMLStreamReader reader(InputStream xml) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(TOTAL_ENTITY_SIZE_LIMIT, "0");
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory.createXMLStreamReader(xml);
    }
}
