package io.gator.core.module;

import io.gator.core.module.flag.FlagForm;
import java.util.Optional;

/** The parts every module definition has, given once; a module adds its parameter parsing and JSON shape. */
public abstract class AbstractModuleDefinition<P> implements ModuleDefinition<P> {
    private final String name;
    private final String description;
    private final Class<P> parametersType;
    private final ResultPrinter printer;
    private final Optional<FlagForm> flags;

    /** A module launched by hand with {@code flags}. */
    protected AbstractModuleDefinition(String name, String description, Class<P> parametersType,
            ResultPrinter printer, FlagForm flags) {
        this(name, description, parametersType, printer, Optional.of(flags));
    }

    /** A module only launched by the system itself (no flags). */
    protected AbstractModuleDefinition(String name, String description, Class<P> parametersType,
            ResultPrinter printer) {
        this(name, description, parametersType, printer, Optional.empty());
    }

    private AbstractModuleDefinition(String name, String description, Class<P> parametersType, ResultPrinter printer,
            Optional<FlagForm> flags) {
        this.name = name;
        this.description = description;
        this.parametersType = parametersType;
        this.printer = printer;
        this.flags = flags;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<P> parametersType() {
        return parametersType;
    }

    @Override
    public final ResultPrinter printer() {
        return printer;
    }

    @Override
    public final Optional<FlagForm> flags() {
        return flags;
    }

    @Override
    public String toString() {
        return "module " + name;
    }
}
