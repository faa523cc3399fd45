package parlance.disco.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.dom4j.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import parlance.api.handler.HandlerContext;
import parlance.api.handler.IqHandler;
import parlance.api.stanza.Namespaces;

/**
 * Entity Time (XEP-0202 §3): the server's UTC time and its offset, in the profiles of XEP-0082 (§3.2 DateTime in
 * UTC with a {@code Z}, §3.1 offset as {@code ±hh:mm}).
 */
@Component(property = {IqHandler.TYPE + "=get", IqHandler.NAMESPACE + "=" + Namespaces.TIME,
        IqHandler.ELEMENT + "=time", IqHandler.TARGET + "=" + IqHandler.TARGET_SERVER,
        IqHandler.FEATURE + "=" + Namespaces.TIME})
public class EntityTime implements IqHandler {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private final Clock clock;

    @Activate
    public EntityTime() {
        this(Clock.systemDefaultZone());
    }

    EntityTime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void handle(HandlerContext ctx) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        Element time = Addressing.element("time", Namespaces.TIME);
        time.addElement("tzo", Namespaces.TIME).setText(tzo(now.getOffset()));
        time.addElement("utc", Namespaces.TIME).setText(UTC.format(now.withOffsetSameInstant(ZoneOffset.UTC)));
        ctx.reply(time);
    }

    /** XEP-0082 §3.1 TZD: {@code Z} is allowed, but XEP-0202 examples use {@code ±hh:mm}, so we always do. */
    static String tzo(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int minutes = Math.abs(seconds) / 60;
        return String.format("%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
    }
}
