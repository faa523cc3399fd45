package parlance.router.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parlance.api.address.Jid;
import parlance.api.session.BindException;
import parlance.api.session.ClientSession;
import parlance.api.session.SessionListener;
import org.osgi.service.component.ComponentServiceObjects;
import java.util.Map;
import parlance.api.session.SessionManager;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.StreamError;

/**
 * The local session table (RFC 6120 §7): full address → session and bare address → sessions. Binding a resource
 * that is already bound follows the configured policy of RFC 6120 §7.7.2.2 (close the old session with the
 * {@code conflict} stream error, or refuse the new one); an account may hold at most {@code max.resources}
 * sessions. {@link SessionListener} services hear every bind and close; an exception in one is logged and isolated.
 */
@Component(service = SessionManager.class, configurationPid = SessionsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SessionsConfig.class)
public class SessionTable implements SessionManager {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);
    private static final ClientSession[] NONE = new ClientSession[0];

    private final ConcurrentHashMap<Jid, ClientSession> byFull = new ConcurrentHashMap<>();
    /** Immutable arrays, replaced on change: a lookup is one map read and the array is its own snapshot. */
    private final ConcurrentHashMap<Jid, ClientSession[]> byBare = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int maxResources = 10;
    private volatile boolean refuseConflicts;

    @Activate
    @Modified
    public void configure(SessionsConfig config) {
        maxResources = Math.max(1, config.max_resources());
        refuseConflicts = "refuse".equalsIgnoreCase(config.conflict().trim());
    }

    private final LazyServices<SessionListener> lazyListeners = new LazyServices<>();

    /** Listeners are obtained at the first session event, see {@link LazyServices}. */
    @Reference(name = "listeners", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(ComponentServiceObjects<SessionListener> objects, Map<String, Object> props) {
        addListener(lazyListeners.remember(props, LazyServices.listener(objects)));
    }

    void unbindListener(ComponentServiceObjects<SessionListener> objects, Map<String, Object> props) {
        SessionListener proxy = lazyListeners.forget(props);
        if (proxy != null) {
            removeListener(proxy);
        }
    }

    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ClientSession session(Jid fullJid) {
        return byFull.get(fullJid);
    }

    @Override
    public Collection<ClientSession> sessions(Jid bareJid) {
        ClientSession[] sessions = byBare.get(bareJid.bare());
        return sessions == null ? Collections.emptyList() : Collections.unmodifiableList(Arrays.asList(sessions));
    }

    @Override
    public Collection<ClientSession> all() {
        return List.copyOf(byFull.values());
    }

    @Override
    public int count() {
        return byFull.size();
    }

    @Override
    public void register(ClientSession session) throws BindException {
        Jid full = session.jid();
        Jid bare = full.bare();
        ClientSession[] kicked = new ClientSession[1];
        StanzaError[] refused = new StanzaError[1];
        byBare.compute(bare, (key, current) -> {
            ClientSession[] sessions = current == null ? NONE : current;
            int existing = indexOf(sessions, full);
            if (existing >= 0) {
                if (sessions[existing] == session) {
                    return current;
                }
                if (refuseConflicts) {
                    refused[0] = StanzaError.CONFLICT;
                    return current;
                }
                kicked[0] = sessions[existing];
                ClientSession[] replaced = sessions.clone();
                replaced[existing] = session;
                byFull.put(full, session);
                return replaced;
            }
            if (sessions.length >= maxResources) {
                refused[0] = StanzaError.RESOURCE_CONSTRAINT;
                return current;
            }
            ClientSession[] grown = Arrays.copyOf(sessions, sessions.length + 1);
            grown[sessions.length] = session;
            byFull.put(full, session);
            return grown;
        });
        if (refused[0] != null) {
            throw new BindException(refused[0], refused[0] == StanzaError.CONFLICT
                    ? "resource already bound: " + full : "too many resources for " + bare);
        }
        if (kicked[0] != null) {
            // RFC 6120 §7.7.2.2: the older session is ended with the conflict stream error. It has left the table
            // already, so listeners hear it closed now and its later unregister() is a no-op.
            notifyClosed(kicked[0]);
            try {
                kicked[0].close(StreamError.CONFLICT, "Replaced by new connection");
            } catch (RuntimeException e) {
                LOG.warn("Closing replaced session {} failed", full, e);
            }
        }
        for (SessionListener listener : listeners) {
            try {
                listener.sessionBound(session);
            } catch (RuntimeException e) {
                LOG.warn("Session listener {} failed on bind of {}", listener, full, e);
            }
        }
    }

    @Override
    public void unregister(ClientSession session) {
        Jid full = session.jid();
        if (!byFull.remove(full, session)) {
            return;
        }
        byBare.computeIfPresent(full.bare(), (key, sessions) -> {
            int i = indexOf(sessions, full);
            if (i < 0 || sessions[i] != session) {
                return sessions;
            }
            if (sessions.length == 1) {
                return null;
            }
            ClientSession[] shrunk = new ClientSession[sessions.length - 1];
            System.arraycopy(sessions, 0, shrunk, 0, i);
            System.arraycopy(sessions, i + 1, shrunk, i, sessions.length - i - 1);
            return shrunk;
        });
        notifyClosed(session);
    }

    private void notifyClosed(ClientSession session) {
        for (SessionListener listener : listeners) {
            try {
                listener.sessionClosed(session);
            } catch (RuntimeException e) {
                LOG.warn("Session listener {} failed on close of {}", listener, session.jid(), e);
            }
        }
    }

    private static int indexOf(ClientSession[] sessions, Jid full) {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i].jid().equals(full)) {
                return i;
            }
        }
        return -1;
    }
}
