package parlance.disco.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.dom4j.Element;
import parlance.api.address.JidFormatException;
import parlance.api.stanza.Namespaces;

/** The {@code jabber:iq:register} fields this server uses (XEP-0077 §3, §14.1): username and password only. */
final class RegisterFields {
    private RegisterFields() {
    }

    /** A new {@code <query xmlns='jabber:iq:register'/>}. */
    static Element query() {
        return Addressing.element("query", Namespaces.REGISTER);
    }

    /** The text of a field, or {@code null} when the field is absent. */
    static String field(Element query, String name) {
        Element field = query.element(org.dom4j.QName.get(name, Namespaces.REGISTER));
        return field == null ? null : field.getText();
    }

    static boolean hasRemove(Element query) {
        return query.element(org.dom4j.QName.get("remove", Namespaces.REGISTER)) != null;
    }

    /** True when an account operation failed because the username or password could not be prepared. */
    static boolean isUnusableInput(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof IllegalArgumentException || t instanceof JidFormatException;
    }
}
