package io.gator.platform.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Which module's main code depends on which other module of the build, read from the poms themselves: the
 * modules the parent pom lists, and in each module's pom the dependencies on another of them. Test-scoped
 * dependencies (the test-jars, a module used only by tests) are left out: the rules are about main code.
 * Compile, runtime and provided dependencies count.
 *
 * @param direct each module's artifactId and the modules its pom names directly
 */
record ModuleGraph(Map<String, Set<String>> direct) {

    /** Reads the parent pom in {@code root} and the pom of every module it lists. */
    static ModuleGraph read(Path root) throws IOException {
        Element parent = parse(root.resolve("pom.xml"));
        String groupId = text(parent, "groupId");
        Map<String, Path> poms = new LinkedHashMap<>();
        for (Element modules : children(parent, "modules")) {
            for (Element module : children(modules, "module")) {
                Path pom = root.resolve(module.getTextContent().trim()).resolve("pom.xml");
                poms.put(text(parse(pom), "artifactId"), pom);
            }
        }
        Map<String, Set<String>> direct = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : poms.entrySet()) {
            Set<String> deps = new TreeSet<>();
            for (Element dependency : dependencies(parse(e.getValue()))) {
                String g = text(dependency, "groupId");
                String a = text(dependency, "artifactId");
                boolean ours = groupId.equals(g) || "${project.groupId}".equals(g) || "${project.parent.groupId}".equals(g);
                if (ours && poms.containsKey(a) && !"test".equals(text(dependency, "scope"))) {
                    deps.add(a);
                }
            }
            direct.put(e.getKey(), deps);
        }
        return new ModuleGraph(direct);
    }

    /** The modules {@code module}'s main code reaches, directly or through other modules. */
    Set<String> reachable(String module) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(direct.getOrDefault(module, Set.of()));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (seen.add(m)) {
                todo.addAll(direct.getOrDefault(m, Set.of()));
            }
        }
        return seen;
    }

    /** The dependencies of the project and of its profiles (not dependencyManagement's). */
    private static List<Element> dependencies(Element project) {
        List<Element> out = new java.util.ArrayList<>();
        List<Element> holders = new java.util.ArrayList<>(List.of(project));
        for (Element profiles : children(project, "profiles")) {
            holders.addAll(children(profiles, "profile"));
        }
        for (Element holder : holders) {
            for (Element dependencies : children(holder, "dependencies")) {
                out.addAll(children(dependencies, "dependency"));
            }
        }
        return out;
    }

    private static Element parse(Path pom) throws IOException {
        if (!Files.isRegularFile(pom)) {
            throw new IOException(pom + " not found");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(pom + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new java.util.ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the direct child {@code name}, or "" when there is none. */
    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }
}
