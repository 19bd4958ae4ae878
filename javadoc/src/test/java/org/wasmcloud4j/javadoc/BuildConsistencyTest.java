package org.wasmcloud4j.javadoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The BOM, the parent's dependency management and the aggregated javadoc must stay in step with the modules. */
class BuildConsistencyTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Set<String> NOT_LIBRARIES = Set.of("bom", "javadoc");

    @Test
    void bomListsEveryPublishedModule() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (String module : modules()) {
            if (!NOT_LIBRARIES.contains(module)) {
                expected.add(artifactId(parse(ROOT.resolve(module).resolve("pom.xml"))));
            }
        }
        assertThat(managedArtifacts(parse(ROOT.resolve("bom/pom.xml")))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void everyDependencyVersionIsPinnedInTheParent() throws Exception {
        for (String module : modules()) {
            Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
            NodeList deps = pom.getDocumentElement().getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element dep = (Element) deps.item(i);
                if (inside(dep, "dependencyManagement")) {
                    continue;
                }
                assertThat(dep.getElementsByTagName("version").getLength())
                        .as(module + " declares a version for " + text(dep, "artifactId") + "; pin it in the parent")
                        .isZero();
            }
        }
    }

    @Test
    void aggregatedJavadocCoversEveryLibrary() throws Exception {
        Set<String> deps = new TreeSet<>();
        NodeList list = parse(ROOT.resolve("javadoc/pom.xml")).getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            deps.add(text((Element) list.item(i), "artifactId"));
        }
        assertThat(deps).contains("wasmcloud4j-core", "wasmcloud4j-lattice", "wasmcloud4j-config-secrets",
                "wasmcloud4j-wit-bindgen-java", "wasmcloud4j-http-server");
    }

    private static List<String> modules() throws Exception {
        List<String> modules = new ArrayList<>();
        NodeList list = parse(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            modules.add(list.item(i).getTextContent().trim());
        }
        assertThat(modules).isNotEmpty();
        return modules;
    }

    private static Set<String> managedArtifacts(Document pom) {
        Set<String> out = new TreeSet<>();
        NodeList list = pom.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            out.add(text((Element) list.item(i), "artifactId"));
        }
        return out;
    }

    private static String artifactId(Document pom) {
        for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("artifactId")) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("pom without artifactId");
    }

    private static boolean inside(Node node, String tag) {
        for (Node p = node.getParentNode(); p != null; p = p.getParentNode()) {
            if (p instanceof Element e && e.getTagName().equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    private static Document parse(Path file) throws Exception {
        assertThat(file).exists();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(file)) {
            return f.newDocumentBuilder().parse(in);
        }
    }
}
