package io.veriflow.adapters.plaid;

import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.session.SignalOutcome;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An in-memory {@link RecordSignal}: keeps every command, answers {@code Duplicate} for a dedupe key it has seen and
 * otherwise what {@link #answer} says (by default: applied, nothing new).
 */
public final class RecordingSignals implements RecordSignal {

    public static final Result APPLIED =
            new Applied(new SignalOutcome.Ignored(SignalOutcome.IgnoredBecause.NOTHING_NEW, Optional.empty()));

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Command> arrivals = new LinkedBlockingQueue<>();
    private final Set<String> seen = new HashSet<>();
    public volatile Function<Command, Result> answer = command -> APPLIED;

    @Override
    public synchronized Result record(Command command) {
        commands.add(command);
        Result result;
        if (seen.contains(command.signal().meta().dedupeKey().value())) {
            result = new Duplicate();
        } else {
            result = answer.apply(command);
            if (!(result instanceof UnknownSession)) {
                seen.add(command.signal().meta().dedupeKey().value());
            }
        }
        arrivals.add(command);
        return result;
    }

    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The next command recorded, waiting up to {@code seconds} for it. */
    public Optional<Command> next(long seconds) throws InterruptedException {
        return Optional.ofNullable(arrivals.poll(seconds, TimeUnit.SECONDS));
    }

    public synchronized void clear() {
        commands.clear();
        arrivals.clear();
        seen.clear();
        answer = command -> APPLIED;
    }
}
