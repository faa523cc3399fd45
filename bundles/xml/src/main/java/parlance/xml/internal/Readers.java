package parlance.xml.internal;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * Creates Aalto async readers configured for restricted XML (RFC 6120 §11.1): no DTD processing, no external
 * entities, entity references reported instead of replaced (so they can be refused, never expanded), no coalescing
 * (text arrives in pieces as bytes arrive, so nothing is buffered beyond what the size cap allows).
 */
public final class Readers {
    /**
     * Aalto 1.3.x reports byte offsets as "stream offset + array offset of the current feed". Probed once (an
     * immutable fact about the loaded Aalto), so a fixed Aalto does not break offset arithmetic.
     */
    private static final boolean OFFSETS_INCLUDE_ARRAY_OFFSET = probe();

    private Readers() {
    }

    /** A new factory; one per stream parser keeps Aalto's symbol tables per connection. */
    public static AsyncXMLInputFactory newFactory() {
        InputFactoryImpl factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        factory.setProperty(XMLInputFactory2.P_REPORT_PROLOG_WHITESPACE, Boolean.FALSE);
        return factory;
    }

    public static AsyncXMLStreamReader<AsyncByteArrayFeeder> newReader(AsyncXMLInputFactory factory) {
        return factory.createAsyncForByteArray();
    }

    /** The stream offset just past the current event, which was completed by a feed starting at arrayOffset. */
    public static long endOffset(AsyncXMLStreamReader<?> reader, int arrayOffset) throws XMLStreamException {
        long reported = reader.getLocationInfo().getEndingByteOffset();
        return OFFSETS_INCLUDE_ARRAY_OFFSET ? reported - arrayOffset : reported;
    }

    private static boolean probe() {
        try {
            AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = newReader(newFactory());
            byte[] probe = {' ', '<', 'a', '/', '>'};
            reader.getInputFeeder().feedInput(probe, 1, 4);
            int event;
            while ((event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                if (event == AsyncXMLStreamReader.END_ELEMENT) {
                    return reader.getLocationInfo().getEndingByteOffset() == 5;
                }
            }
        } catch (XMLStreamException e) {
            // fall through: assume the known 1.3.x behaviour
        }
        return true;
    }
}
