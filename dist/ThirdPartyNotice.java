import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Writes the NOTICE of dac's distribution: every third-party artifact it bundles (the jar's runtime dependencies, as
 * {@code mvn dependency:list} names them, and the Elasticsearch artifacts pom.xml copies for the local node) with the
 * licences its POM declares (or its parent POM's). Run as a single-file program:
 * {@code java dist/ThirdPartyNotice.java DEPENDENCY_LIST POM LOCAL_REPOSITORY VERSION > NOTICE}.
 */
public class ThirdPartyNotice {

    private static final Pattern LISTED = Pattern.compile("^\\s+([^:\\s]+):([^:]+):([^:]+):(?:[^:]+:)?([^:]+):(compile|runtime)\\b.*");

    public static void main(String[] args) throws Exception {
        Path dependencyList = Path.of(args[0]);
        Path pom = Path.of(args[1]);
        Path repository = Path.of(args[2]);
        String version = args[3];
        Set<String> jarArtifacts = new LinkedHashSet<>();
        for (String line : Files.readAllLines(dependencyList)) {
            Matcher m = LISTED.matcher(line);
            if (m.matches()) {
                jarArtifacts.add(m.group(1) + ":" + m.group(2) + ":" + m.group(4));
            }
        }
        if (jarArtifacts.isEmpty()) {
            throw new IllegalStateException(dependencyList + " lists no runtime dependency; is it mvn dependency:list output?");
        }
        Set<String> nodeArtifacts = new LinkedHashSet<>();
        Document project = parse(pom);
        String esVersion = text(child((Element) project.getElementsByTagName("properties").item(0), "es.version"));
        NodeList items = project.getElementsByTagName("artifactItem");
        for (int i = 0; i < items.getLength(); i++) {
            Element item = (Element) items.item(i);
            nodeArtifacts.add(text(child(item, "groupId")) + ":" + text(child(item, "artifactId")) + ":"
                    + text(child(item, "version")).replace("${es.version}", esVersion));
        }
        StringBuilder out = new StringBuilder();
        out.append("dac ").append(version).append("\n\n")
                .append("This distribution bundles third-party software, each under its own licence as declared in its\n")
                .append("published POM (the licence texts are at the addresses given).\n\n")
                .append("In lib/dac/dac.jar:\n");
        for (String artifact : jarArtifacts) {
            out.append(entry(repository, artifact));
        }
        out.append("\nIn lib/dac/elasticsearch-artifacts/ (the local Elasticsearch node `dac test` assembles and runs):\n");
        for (String artifact : nodeArtifacts) {
            out.append(entry(repository, artifact));
        }
        System.out.print(out);
    }

    private static String entry(Path repository, String coordinates) throws Exception {
        List<String> licences = licences(repository, coordinates, 0);
        return "  " + coordinates + "\n" + (licences.isEmpty() ? "    licence: not declared in its POM; see the project\n"
                : String.join("", licences.stream().map(l -> "    licence: " + l + "\n").toList()));
    }

    private static List<String> licences(Path repository, String coordinates, int depth) throws Exception {
        String[] gav = coordinates.split(":");
        Path pom = repository.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + ".pom");
        if (!Files.exists(pom) || depth > 5) {
            return List.of();
        }
        Element root = parse(pom).getDocumentElement();
        List<String> found = new ArrayList<>();
        Element licences = child(root, "licenses");
        if (licences != null) {
            NodeList list = licences.getElementsByTagName("license");
            for (int i = 0; i < list.getLength(); i++) {
                Element licence = (Element) list.item(i);
                String url = text(child(licence, "url"));
                found.add(text(child(licence, "name")) + (url.isEmpty() ? "" : " <" + url + ">"));
            }
        }
        Element parent = child(root, "parent");
        if (found.isEmpty() && parent != null) {
            return licences(repository, text(child(parent, "groupId")) + ":" + text(child(parent, "artifactId")) + ":"
                    + text(child(parent, "version")), depth + 1);
        }
        return found;
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip().replaceAll("\\s+", " ");
    }
}
