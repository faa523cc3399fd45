package parlance.pubsub.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dom4j.Element;
import org.dom4j.QName;
import parlance.api.stanza.Namespaces;

/**
 * The verification string of XEP-0115 §5.1 and the check of §5.4: a disco#info answer is accepted for a
 * {@code ver} only when its hash matches, so that one client cannot poison what the server believes of another
 * client with the same {@code ver}. Duplicate identities, features or form types fail the check (§5.4 3.3-3.5).
 */
final class CapsHash {
    private static final Map<String, String> ALGORITHMS = Map.of("sha-1", "SHA-1", "sha-224", "SHA-224",
            "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512", "md5", "MD5");

    private CapsHash() {
    }

    /** Whether {@code query} (a disco#info result) hashes to {@code ver} with the named algorithm. */
    static boolean verify(Element query, String hash, String ver) {
        String algorithm = hash == null ? null : ALGORITHMS.get(hash.toLowerCase(java.util.Locale.ROOT));
        String s = algorithm == null ? null : verificationString(query);
        if (s == null) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest).equals(ver);
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }

    /** The §5.1 string S, or {@code null} when the answer is malformed per §5.4. */
    static String verificationString(Element query) {
        List<List<String>> ids = new ArrayList<>();
        for (Element id : query.elements(QName.get("identity", Namespaces.DISCO_INFO))) {
            ids.add(List.of(nz(id.attributeValue("category")), nz(id.attributeValue("type")),
                    nz(id.attributeValue(QName.get("lang", org.dom4j.Namespace.XML_NAMESPACE))),
                    nz(id.attributeValue("name"))));
        }
        ids.sort(CapsHash::compareLists);
        List<String> identities = ids.stream().map(i -> String.join("/", i)).toList();
        List<String> features = new ArrayList<>();
        for (Element f : query.elements(QName.get("feature", Namespaces.DISCO_INFO))) {
            features.add(nz(f.attributeValue("var")));
        }
        if (new HashSet<>(identities).size() != identities.size()
                || new HashSet<>(features).size() != features.size()) {
            return null;
        }
        features.sort(null);
        StringBuilder s = new StringBuilder();
        identities.forEach(i -> s.append(i).append('<'));
        features.forEach(f -> s.append(f).append('<'));
        List<List<String>> forms = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (Element x : query.elements(QName.get("x", Ns.DATA))) {
            List<String> form = form(x);
            if (form != null && !types.add(form.get(0))) {
                return null;
            }
            if (form != null) {
                forms.add(form);
            }
        }
        forms.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        forms.forEach(f -> s.append(f.get(0)).append('<').append(f.get(1)));
        return s.toString();
    }

    private static int compareLists(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** One extended form: its FORM_TYPE and its part of S after it; {@code null} to ignore the form. */
    private static List<String> form(Element x) {
        String formType = null;
        List<List<String>> fields = new ArrayList<>();
        for (Element field : x.elements(QName.get("field", Ns.DATA))) {
            String var = nz(field.attributeValue("var"));
            List<String> values = new ArrayList<>();
            for (Element v : field.elements(QName.get("value", Ns.DATA))) {
                values.add(v.getText());
            }
            if ("FORM_TYPE".equals(var)) {
                if (!"hidden".equals(field.attributeValue("type")) || values.isEmpty()) {
                    return null; // §5.4 3.6: a FORM_TYPE that is not hidden: the form is ignored
                }
                formType = values.get(0);
                continue;
            }
            values.sort(null);
            StringBuilder f = new StringBuilder(var).append('<');
            values.forEach(v -> f.append(v).append('<'));
            fields.add(List.of(var, f.toString()));
        }
        if (formType == null) {
            return null;
        }
        fields.sort((a, b) -> a.get(0).compareTo(b.get(0)));
        StringBuilder part = new StringBuilder();
        fields.forEach(f -> part.append(f.get(1)));
        return List.of(formType, part.toString());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
