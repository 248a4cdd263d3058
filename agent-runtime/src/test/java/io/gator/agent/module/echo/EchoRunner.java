package io.gator.agent.module.echo;

import io.gator.agent.module.ModuleContext;
import io.gator.agent.module.ModuleRunner;
import io.gator.core.command.Result;
import io.gator.core.module.ModuleDefinition;

/** The echo module's runner (tests only). */
public final class EchoRunner implements ModuleRunner<EchoParameters> {
    @Override
    public ModuleDefinition<EchoParameters> definition() {
        return EchoModule.INSTANCE;
    }

    @Override
    public Result run(EchoParameters params, ModuleContext ctx) {
        return EchoModule.answer(params.text());
    }
}
