package org.wasmcloud4j.component.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.fixtures.Fixtures;

/** {@link Component#whenCodeSettled()}: when instances made from then on run the component's final code. */
class CodeSettledTest {
    @Test
    void compiledAndInterpretedComponentsAreSettledAtOnce() {
        for (Engine.Mode mode : new Engine.Mode[] {Engine.Mode.COMPILED, Engine.Mode.INTERPRETER}) {
            Component c = Component.fromBytes(Engine.builder().mode(mode).noCompileCache().build(),
                    Fixtures.bytes("wat-hello.component"));
            assertThat(c.whenCodeSettled().toCompletableFuture()).as("%s", mode).isCompleted();
        }
    }

    @Test
    void aTieredComponentSettlesOnceTheBackgroundCompilerIsDone() throws Exception {
        Engine engine = Engine.builder().mode(Engine.Mode.TIERED).noCompileCache().build();
        CompletableFuture<Void> release = new CompletableFuture<>();
        engine.backgroundCompiler().enqueue(release::join);   // hold the compiler back
        Component c = Component.fromBytes(engine, Fixtures.bytes("wat-hello.component"));
        CompletableFuture<Void> settled = c.whenCodeSettled().toCompletableFuture();
        assertThat(settled).isNotDone();
        long before = c.codeGeneration();
        release.complete(null);
        settled.get(30, TimeUnit.SECONDS);
        assertThat(c.codeGeneration()).as("switched to compiled code").isGreaterThan(before);
        // the stage is a view: completing it from outside changes nothing
        assertThat(c.whenCodeSettled().toCompletableFuture().complete(null)).isFalse();
    }
}
