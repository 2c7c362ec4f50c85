package dev.fastclock.bench;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Parsing the SVG the bench writes, and finding the recorded sample data, for the tests. */
final class SvgTestSupport {
    private SvgTestSupport() {
    }

    /** Parses {@code svg} as namespace-aware XML: throws if it is not well-formed. */
    static Document parse(String svg) throws ParserConfigurationException, IOException, SAXException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        if (!"svg".equals(d.getDocumentElement().getLocalName())
                || !"http://www.w3.org/2000/svg".equals(d.getDocumentElement().getNamespaceURI())) {
            throw new AssertionError("root is not an SVG element: " + d.getDocumentElement().getTagName());
        }
        return d;
    }

    /** Elements named {@code tag} under {@code root} whose {@code class} attribute is {@code cls}. */
    static List<Element> byClass(Element root, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * A file of {@code src/test/resources/sample}: recorded on a 2-CPU build VM with
     * {@code run.sh}'s tools in short runs (JMH: 14 benchmarks on the default route and the ticks on the
     * tsc route, 3 × 100 ms; floor; jitter: 2 s); fastclock-bench/README.md, "Tests", has the commands.
     */
    static Path sample(String name) {
        try {
            return Path.of(Objects.requireNonNull(SvgTestSupport.class.getResource("/sample/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
