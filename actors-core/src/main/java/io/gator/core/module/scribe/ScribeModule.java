package io.gator.core.module.scribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.command.Result;
import io.gator.core.json.MigJson;
import io.gator.core.module.AbstractModuleDefinition;
import io.gator.core.module.InvalidParametersException;
import java.util.ArrayList;
import java.util.List;

/** MIG's {@code scribe} module: a scribe document and output options; the test results and their printer. */
public final class ScribeModule extends AbstractModuleDefinition<ScribeParameters> {
    public static final ScribeModule INSTANCE = new ScribeModule();
    /** How MIG's agent prefixes a parameters decoding error. */
    static final String READ_ERROR = "ReadInputParameters() -> ";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public ScribeModule() {
        super("scribe", "Evaluates a scribe document (package versions, file contents and names) on the host.",
                ScribeParameters.class, ScribeModule::print, ScribeFlags.form());
    }

    /** Decodes as MIG's agent does, then refuses a document scribe would refuse, with scribe's text. */
    @Override
    public ScribeParameters parse(JsonNode p) {
        ScribeParameters params;
        try {
            params = DocumentDecoder.parameters(p);
        } catch (DocumentDecoder.TypeError e) {
            throw InvalidParametersException.verbatim("scribedoc", READ_ERROR + e.getMessage());
        }
        DocumentValidator.problem(params.document()).ifPresent(problem -> {
            throw InvalidParametersException.verbatim("scribedoc", problem);
        });
        return params;
    }

    @Override
    public JsonNode toJson(ScribeParameters p) {
        ObjectNode o = F.objectNode();
        o.set("scribedoc", DocumentEncoder.document(p.document()));
        o.put("onlytrue", p.onlyTrue());
        o.put("humanoutput", p.humanOutput());
        o.put("jsonoutput", p.jsonOutput());
        return o;
    }

    /** The result's elements: the results in document order and the output options. */
    public static JsonNode elementsJson(List<TestResult> results, boolean human, boolean json) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray("results");
        results.forEach(r -> a.add(resultJson(r)));
        o.put("humanoutput", human);
        o.put("jsonoutput", json);
        return o;
    }

    /** The statistics MIG's scribe always reports: its run time as a Go duration. */
    public static JsonNode statisticsJson(String execRuntime) {
        return F.objectNode().put("execruntime", execRuntime);
    }

    static ObjectNode resultJson(TestResult r) {
        ObjectNode o = F.objectNode();
        o.put("testid", r.testId());
        o.put("name", r.name());
        o.put("description", r.description());
        if (!r.tags().isEmpty()) {
            o.set("tags", DocumentEncoder.tags(r.tags()));
        }
        o.put("iserror", r.isError());
        o.put("error", r.error());
        o.put("masterresult", r.masterResult());
        o.put("hastrueresults", r.hasTrueResults());
        if (r.results().isEmpty()) {
            o.putNull("results");
        } else {
            ArrayNode a = o.putArray("results");
            r.results().forEach(s -> a.addObject().put("result", s.result()).put("identifier", s.identifier()));
        }
        return o;
    }

    static TestResult result(JsonNode n) {
        List<TestTag> tags = new ArrayList<>();
        n.path("tags").forEach(t -> tags.add(new TestTag(t.path("key").asText(""), t.path("value").asText(""))));
        List<SubResult> subs = new ArrayList<>();
        n.path("results").forEach(s -> subs.add(new SubResult(s.path("result").asBoolean(), s.path("identifier").asText(""))));
        return new TestResult(n.path("testid").asText(""), n.path("name").asText(""), n.path("description").asText(""),
                tags, n.path("iserror").asBoolean(), n.path("error").asText(""), n.path("masterresult").asBoolean(),
                n.path("hastrueresults").asBoolean(), subs);
    }

    /**
     * MIG's scribe {@code PrintResults}: each result in the output mode asked for (human, else JSON, else one line
     * per result and value); unless found only, the errors and the run time.
     */
    public static List<String> print(Result result, boolean foundOnly) {
        List<String> prints = new ArrayList<>();
        JsonNode e = result.elements();
        boolean human = e.path("humanoutput").asBoolean(false);
        boolean json = e.path("jsonoutput").asBoolean(false);
        for (JsonNode n : e.path("results")) {
            TestResult r = result(n);
            if (human) {
                prints.add(ResultText.human(r));
            } else if (json) {
                prints.add(DocumentEncoder.goEscaped(MigJson.write(resultJson(r))));
            } else {
                prints.addAll(ResultText.singleLines(r));
            }
        }
        if (!foundOnly) {
            prints.addAll(result.errors());
            prints.add("Statistics: runtime " + result.statistics().path("execruntime").asText(""));
        }
        return prints;
    }
}
