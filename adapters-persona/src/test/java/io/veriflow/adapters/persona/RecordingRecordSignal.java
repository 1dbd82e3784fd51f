package io.veriflow.adapters.persona;

import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.session.SignalOutcome;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The test contexts' {@link RecordSignal} (the application provides the real one): records commands, answers as told. */
@Singleton
final class RecordingRecordSignal implements RecordSignal {

    static final Result APPLIED = new Applied(
            new SignalOutcome.Ignored(SignalOutcome.IgnoredBecause.NOTHING_NEW, Optional.empty()));

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private volatile Result answer = APPLIED;

    @Override
    public Result record(Command command) {
        commands.add(command);
        return answer;
    }

    List<Command> commands() {
        return List.copyOf(commands);
    }

    void answer(Result result) {
        answer = result;
    }

    void reset() {
        commands.clear();
        answer = APPLIED;
    }
}
