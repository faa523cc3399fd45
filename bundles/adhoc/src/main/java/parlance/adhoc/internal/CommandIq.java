package parlance.adhoc.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import parlance.api.address.Jid;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Stanza;
import parlance.api.stanza.StanzaError;
import parlance.api.stanza.Stanzas;

/**
 * Executes commands on the server's address (XEP-0050 §3.4): {@code execute} without a session starts one and
 * returns the command's form ({@code status='executing'}, the only action {@code complete}), or completes a
 * single-stage command at once; the next request with the {@code sessionid} and the submitted form (action
 * complete, next, execute or none) completes it; {@code cancel} cancels it (§3.4.4). An unknown command is
 * {@code item-not-found}, a command the requester may not run {@code forbidden} (§4.6), an unknown or foreign
 * session {@code bad-request} + {@code <bad-sessionid/>}, {@code prev} {@code bad-request} + {@code <bad-action/>}
 * (no command has more than one stage). Sessions are forgotten after {@value #SESSION_MINUTES} minutes.
 */
@Component(property = {IqHandler.TYPE + "=set", IqHandler.NAMESPACE + "=" + Ns.COMMANDS,
        IqHandler.ELEMENT + "=command", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.FEATURE + "=" + Ns.COMMANDS})
public class CommandIq implements IqHandler {
    static final int SESSION_MINUTES = 10;

    private record Session(String node, Jid requester, long expires) {
    }

    private final AdminCommands commands;
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Activate
    public CommandIq(@Reference AdminCommands commands) {
        this.commands = commands;
    }

    @Override
    public void handle(HandlerContext ctx) {
        Stanza s = ctx.stanza();
        Element request = s.payload();
        String node = request.attributeValue("node");
        String action = request.attributeValue("action", "execute");
        Jid requester = s.from() == null ? null : s.from().bare();
        Command command = commands.all().stream().filter(c -> c.node().equals(node)).findFirst().orElse(null);
        if (command == null) {
            ctx.replyError(StanzaError.ITEM_NOT_FOUND, null);
            return;
        }
        if (ctx.origin() == null || !command.allowed(requester)) {
            ctx.replyError(StanzaError.FORBIDDEN, null);
            return;
        }
        long now = System.nanoTime();
        sessions.values().removeIf(x -> x.expires - now < 0);
        String sessionId = request.attributeValue("sessionid");
        if (sessionId == null) {
            Element form = command.form();
            if (form != null && !"cancel".equals(action)) {
                sessionId = UUID.randomUUID().toString();
                sessions.put(sessionId, new Session(node, requester,
                        now + Duration.ofMinutes(SESSION_MINUTES).toNanos()));
                Element reply = command(node, sessionId, "executing");
                reply.addElement(QName.get("actions", Ns.COMMANDS)).addAttribute("execute", "complete")
                        .addElement(QName.get("complete", Ns.COMMANDS));
                reply.add(form);
                ctx.reply(reply);
                return;
            }
            sessionId = UUID.randomUUID().toString();
        } else {
            Session session = sessions.remove(sessionId);
            if (session == null || !session.node.equals(node) || !session.requester.equals(requester)) {
                error(ctx, "bad-sessionid");
                return;
            }
        }
        if ("cancel".equals(action)) {
            ctx.reply(command(node, sessionId, "canceled"));
        } else if ("prev".equals(action)) {
            error(ctx, "bad-action");
        } else {
            run(ctx, command, requester, sessionId, Forms.values(request));
        }
    }

    private static void run(HandlerContext ctx, Command command, Jid requester, String sessionId,
            Map<String, List<String>> values) {
        CompletionStage<Command.Outcome> outcome;
        try {
            outcome = command.run(requester, values);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((result, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Command.Refused refused) {
                ctx.replyError(refused.condition, refused.getMessage());
            } else if (cause != null) {
                ctx.replyError(StanzaError.INTERNAL_SERVER_ERROR, null);
            } else {
                Element reply = command(command.node(), sessionId, "completed");
                if (result.note() != null) {
                    reply.addElement(QName.get("note", Ns.COMMANDS)).addAttribute("type", "info")
                            .setText(result.note());
                }
                if (result.result() != null) {
                    reply.add(result.result());
                }
                ctx.reply(reply);
            }
        });
    }

    private static Element command(String node, String sessionId, String status) {
        Element c = DocumentHelper.createElement(QName.get("command", Ns.COMMANDS));
        c.addAttribute("node", node);
        c.addAttribute("sessionid", sessionId);
        c.addAttribute("status", status);
        return c;
    }

    /** {@code bad-request} with the specific condition of XEP-0050 §4.6. */
    private static void error(HandlerContext ctx, String specific) {
        Stanza error = Stanzas.error(ctx.stanza(), StanzaError.BAD_REQUEST, null);
        if (error == null) {
            return;
        }
        Element copy = error.element().createCopy();
        copy.element("error").addElement(QName.get(specific, Ns.COMMANDS));
        ctx.origin().deliver(Stanza.of(copy, error.from(), error.to()));
    }
}
