package parlance.disco.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import parlance.api.auth.AccountManager;
import parlance.api.server.ServerInfo;
import parlance.api.stanza.Namespaces;
import parlance.api.stanza.StanzaError;
import parlance.disco.Registration;
import parlance.disco.RegistrationException;

/**
 * Account creation before authentication (XEP-0077 §3.1), for the stream layer. Open only when the server-wide
 * configuration (PID {@code parlance.server}, key {@code registration}, fed by the system property
 * {@code parlance.registration}) says {@code open}; closed by default. The PID belongs to the server settings, so
 * this component reads the one key it needs and designates no metatype of its own.
 */
@Component(configurationPid = ServerInfo.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class InBandRegistration implements Registration {
    /** The keys of {@code parlance.server} read here. */
    public @interface Config {
        /** {@code open} or {@code closed}. */
        String registration() default "closed";
    }

    private final AccountManager accounts;
    private final boolean open;

    @Activate
    public InBandRegistration(@Reference AccountManager accounts, Config config) {
        this(accounts, "open".equalsIgnoreCase(config.registration().trim()));
    }

    InBandRegistration(AccountManager accounts, boolean open) {
        this.accounts = accounts;
        this.open = open;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public CompletionStage<Element> handleUnauthenticated(Element iqQuery) {
        boolean get = isGet(iqQuery);
        if (!open) {
            // XEP-0077 §3.1: a host without in-band registration answers service-unavailable.
            return failed(get ? StanzaError.SERVICE_UNAVAILABLE : StanzaError.NOT_ALLOWED,
                    "In-band registration is disabled on this server");
        }
        if (get) {
            Element query = RegisterFields.query();
            query.addElement("instructions", Namespaces.REGISTER)
                    .setText("Choose a username and password to register with this server.");
            query.addElement("username", Namespaces.REGISTER);
            query.addElement("password", Namespaces.REGISTER);
            return CompletableFuture.completedFuture(query);
        }
        if (RegisterFields.hasRemove(iqQuery)) {
            return failed(StanzaError.BAD_REQUEST, "Authenticate before cancelling a registration");
        }
        String username = RegisterFields.field(iqQuery, "username");
        String password = RegisterFields.field(iqQuery, "password");
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            // XEP-0077 §3.1: missing required information is not-acceptable.
            return failed(StanzaError.NOT_ACCEPTABLE, "Username and password are required");
        }
        CompletableFuture<Element> outcome = new CompletableFuture<>();
        accounts.create(username.trim(), password).whenComplete((created, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(RegisterFields.isUnusableInput(failure)
                        ? new RegistrationException(StanzaError.NOT_ACCEPTABLE, "Username or password not usable")
                        : failure);
            } else if (Boolean.TRUE.equals(created)) {
                outcome.complete(null);
            } else {
                outcome.completeExceptionally(new RegistrationException(StanzaError.CONFLICT,
                        "The username is already taken"));
            }
        });
        return outcome;
    }

    /** The request type: the parent iq's when attached, else "a blank query is a get" (XEP-0077 §3.1). */
    private static boolean isGet(Element query) {
        Element parent = query.getParent();
        if (parent != null && "iq".equals(parent.getName())) {
            return "get".equals(parent.attributeValue("type"));
        }
        return query.elements().isEmpty();
    }

    private static CompletionStage<Element> failed(StanzaError condition, String text) {
        return CompletableFuture.failedFuture(new RegistrationException(condition, text));
    }
}
