package parlance.boot.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes {@code <home>/etc/<pid>.cfg} with every key commented out at its default, from the MetaType descriptions
 * (OSGi Compendium §105) that bnd generates from each component's {@code @ObjectClassDefinition}. Runs for every
 * bundle as it is installed, so a hot-deployed bundle gets its file too. Existing files are never touched. Only
 * Parlance's own PIDs ({@code parlance.*}) get a file.
 */
final class DefaultConfigWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConfigWriter.class);

    private final Path etc;

    DefaultConfigWriter(Path etc) {
        this.etc = etc;
    }

    /** Writes the missing files for one bundle; returns how many were written. */
    int writeFor(Bundle bundle) {
        if (bundle.getSymbolicName() == null) {
            return 0;
        }
        Enumeration<URL> entries = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        int written = 0;
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            try (InputStream in = url.openStream()) {
                written += write(parse(in));
            } catch (Exception e) {
                LOG.warn("Cannot read metatype {} of {}: {}", url, bundle.getSymbolicName(), e.toString());
            }
        }
        return written;
    }

    static Document parse(InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(in);
    }

    /** Renders the commented default file of each designated PID of one metatype document. */
    static Map<String, String> render(Document doc) {
        Map<String, Element> ocds = new HashMap<>();
        NodeList ocdNodes = doc.getElementsByTagNameNS("*", "OCD");
        if (ocdNodes.getLength() == 0) {
            ocdNodes = doc.getElementsByTagName("OCD");
        }
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            ocds.put(ocd.getAttribute("id"), ocd);
        }
        Map<String, String> files = new HashMap<>();
        NodeList designates = doc.getElementsByTagNameNS("*", "Designate");
        if (designates.getLength() == 0) {
            designates = doc.getElementsByTagName("Designate");
        }
        for (int i = 0; i < designates.getLength(); i++) {
            Element designate = (Element) designates.item(i);
            String pid = designate.getAttribute("pid");
            if (pid.isEmpty()) {
                pid = designate.getAttribute("factoryPid");
            }
            NodeList objects = designate.getElementsByTagNameNS("*", "Object");
            if (objects.getLength() == 0) {
                objects = designate.getElementsByTagName("Object");
            }
            Element ocd = objects.getLength() == 0 ? null : ocds.get(((Element) objects.item(0)).getAttribute("ocdref"));
            if (ocd != null && pid.startsWith("parlance.")) {
                files.put(pid, renderOne(pid, ocd));
            }
        }
        return files;
    }

    private static String renderOne(String pid, Element ocd) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(pid).append(": ").append(ocd.getAttribute("name")).append('\n');
        String description = ocd.getAttribute("description");
        if (!description.isEmpty()) {
            sb.append("# ").append(description).append('\n');
        }
        sb.append("# Every key is shown at its default, commented out. Uncomment and edit a line to change it;\n")
                .append("# the change applies live. A system property -D").append(pid)
                .append(".<key>=... overrides this file.\n");
        List<Element> ads = new ArrayList<>();
        NodeList adNodes = ocd.getElementsByTagNameNS("*", "AD");
        if (adNodes.getLength() == 0) {
            adNodes = ocd.getElementsByTagName("AD");
        }
        for (int i = 0; i < adNodes.getLength(); i++) {
            ads.add((Element) adNodes.item(i));
        }
        for (Element ad : ads) {
            sb.append('\n');
            String name = ad.getAttribute("name");
            String desc = ad.getAttribute("description");
            sb.append("# ").append(desc.isEmpty() ? name : desc).append(" (").append(ad.getAttribute("type"))
                    .append(")\n");
            sb.append('#').append(ad.getAttribute("id")).append(" = ").append(ad.getAttribute("default"))
                    .append('\n');
        }
        return sb.toString();
    }

    private int write(Document doc) throws IOException {
        int written = 0;
        for (Map.Entry<String, String> e : render(doc).entrySet()) {
            Path file = etc.resolve(e.getKey() + ".cfg");
            if (Files.exists(file)) {
                continue;
            }
            try {
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                written++;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // written meanwhile: keep it
            }
        }
        return written;
    }
}
