package io.gator.api.backend;

import io.gator.api.auth.Admins;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gator.core.action.Action;
import io.gator.core.agent.Agent;
import io.gator.core.agent.HttpHeartbeat;
import io.gator.core.command.Command;
import io.gator.core.command.Result;
import io.gator.core.id.IdGenerator;
import io.gator.core.investigator.Investigator;
import io.gator.core.investigator.Permissions;
import io.gator.core.json.MigJson;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A complete {@link ApiBackend} held in memory, for route tests
 * (nothing survives a restart, nothing is shared between nodes). Searches follow MIG's filters and
 * orders; targets are resolved by a pluggable function (by default a small {@code key='value'}
 * grammar joined by {@code AND}/{@code OR}, enough for MIG's {@code status='online'}).
 * {@link #setAvailable(boolean)} simulates an unreachable database.
 */
public final class InMemoryBackend implements ApiBackend {
    private static final Duration IDLE_AFTER = Duration.ofMinutes(5);

    private final Clock clock;
    private final IdGenerator ids;
    private final Function<String, Predicate<Agent>> targetResolver;
    private final Map<Long, Action> actions = new LinkedHashMap<>();
    private final Map<Long, Command> commands = new LinkedHashMap<>();
    private final Map<Long, Agent> agents = new LinkedHashMap<>();
    private final Map<Long, Investigator> investigators = new TreeMap<>();
    private final Map<Long, ApiKeyCredential> apiKeys = new TreeMap<>();
    private final Map<Long, List<JournalEvent>> journals = new LinkedHashMap<>();
    private long nextInvestigatorId = 1;
    private volatile boolean available = true;

    public InMemoryBackend(Clock clock) {
        this(clock, InMemoryBackend::simpleTarget);
    }

    public InMemoryBackend(Clock clock, Function<String, Predicate<Agent>> targetResolver) {
        this.clock = clock;
        this.ids = new IdGenerator(clock);
        this.targetResolver = targetResolver;
    }

    // ---- seeding (tests, demo) ----

    public synchronized void put(Action a) {
        actions.put(a.id(), a);
    }

    public synchronized void put(Command c) {
        commands.put(c.id(), c);
    }

    public synchronized void put(Agent a) {
        agents.put(a.id(), a);
    }

    public synchronized void put(Investigator i) {
        investigators.put(i.id(), i);
        nextInvestigatorId = Math.max(nextInvestigatorId, i.id() + 1);
    }

    /** Empties every table (tests reuse one server across cases). */
    public synchronized void clear() {
        actions.clear();
        commands.clear();
        agents.clear();
        investigators.clear();
        apiKeys.clear();
        journals.clear();
        nextInvestigatorId = 1;
        available = true;
    }

    /** Forgets the investigator holding a key (tests re-register the few real keys they have). */
    public synchronized void forgetInvestigator(String fingerprint) {
        investigators.values().removeIf(i -> i.pgpFingerprint().equalsIgnoreCase(fingerprint));
        apiKeys.values().removeIf(c -> c.investigator().pgpFingerprint().equalsIgnoreCase(fingerprint));
    }

    /** Makes every call fail with {@link BackendUnavailableException} while false. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    // ---- reads ----

    @Override
    public CompletionStage<Optional<Action>> action(long id) {
        return call(() -> Optional.ofNullable(actions.get(id)));
    }

    @Override
    public CompletionStage<Optional<Command>> command(long id) {
        return call(() -> Optional.ofNullable(commands.get(id)));
    }

    @Override
    public CompletionStage<Optional<Agent>> agent(long id) {
        return call(() -> Optional.ofNullable(agents.get(id)));
    }

    @Override
    public CompletionStage<Optional<Investigator>> investigator(long id) {
        return call(() -> Optional.ofNullable(investigators.get(id)));
    }

    @Override
    public CompletionStage<SearchResult> search(SearchQuery q) {
        return call(() -> switch (q.type()) {
            case ACTION -> new SearchResult.Actions(page(actions.values().stream()
                    .filter(a -> matchesAction(q, a))
                    .sorted(Comparator.comparing(Action::validFrom).reversed()), q));
            case COMMAND -> new SearchResult.Commands(page(commands.values().stream()
                    .filter(c -> matchesCommand(q, c))
                    .sorted(Comparator.comparing(Command::startTime).reversed()), q));
            case AGENT -> new SearchResult.Agents(page(agentStream(q), q));
            case INVESTIGATOR -> new SearchResult.Investigators(page(investigators.values().stream()
                    .filter(i -> matchesInvestigator(q, i)), q));
        });
    }

    private Stream<Agent> agentStream(SearchQuery q) {
        if (q.target().isPresent()) {
            Predicate<Agent> p = targetResolver.apply(q.target().get());
            return agents.values().stream().filter(p)
                    .sorted(Comparator.comparing(Agent::heartbeatTs).reversed());
        }
        return agents.values().stream()
                .filter(a -> id(q.agentId(), a.id()) && like(q.agentName(), a.name())
                        && like(q.agentVersion(), a.version()) && like(q.status(), a.status())
                        && !a.heartbeatTs().isBefore(q.after()) && !a.heartbeatTs().isAfter(q.before())
                        && (q.actionId().isEmpty() && q.commandId().isEmpty()
                            || commands.values().stream().anyMatch(c -> c.agent().id() == a.id()
                                && id(q.actionId(), c.action().id()) && id(q.commandId(), c.id()))))
                .sorted(Comparator.comparing(Agent::heartbeatTs).reversed());
    }

    private boolean matchesAction(SearchQuery q, Action a) {
        return id(q.actionId(), a.id()) && like(q.actionName(), a.name()) && like(q.status(), a.status())
                && like(q.threatFamily(), a.threat().family())
                && !a.validFrom().isBefore(q.after()) && !a.expireAfter().isAfter(q.before())
                && investigatorFilter(q, a.investigators())
                && (q.commandId().isEmpty() && q.agentId().isEmpty() && q.agentName().equals("%")
                    || commands.values().stream().anyMatch(c -> c.action().id() == a.id()
                        && id(q.commandId(), c.id()) && id(q.agentId(), c.agent().id())
                        && like(q.agentName(), c.agent().name())));
    }

    private boolean matchesCommand(SearchQuery q, Command c) {
        Action stored = actions.getOrDefault(c.action().id(), c.action());
        return id(q.commandId(), c.id()) && id(q.actionId(), c.action().id()) && id(q.agentId(), c.agent().id())
                && like(q.actionName(), c.action().name()) && like(q.agentName(), c.agent().name())
                && like(q.agentVersion(), c.agent().version()) && like(q.status(), c.status())
                && like(q.threatFamily(), c.action().threat().family())
                && !c.startTime().isBefore(q.after()) && !c.startTime().isAfter(q.before())
                && investigatorFilter(q, stored.investigators())
                && q.foundAnything().map(f -> c.results().stream().anyMatch(r -> r.foundAnything() == f))
                    .orElse(true);
    }

    private boolean matchesInvestigator(SearchQuery q, Investigator i) {
        return id(q.investigatorId(), i.id()) && like(q.investigatorName(), i.name()) && like(q.status(), i.status())
                && (i.createdAt().isBefore(q.before()) || i.createdAt().isEqual(q.before()));
    }

    private static boolean investigatorFilter(SearchQuery q, List<Investigator> signers) {
        if (q.investigatorId().isEmpty() && q.investigatorName().equals("%")) {
            return true;
        }
        return signers.stream().anyMatch(i -> id(q.investigatorId(), i.id()) && like(q.investigatorName(), i.name()));
    }

    private static <T> List<T> page(Stream<T> s, SearchQuery q) {
        return s.skip(q.offset()).limit(q.limit()).toList();
    }

    private static boolean id(OptionalLong wanted, long actual) {
        return wanted.isEmpty() || wanted.getAsLong() == actual;
    }

    /** SQL ILIKE with MIG's console wildcard {@code *}. */
    static boolean like(String pattern, String value) {
        if (pattern.equals("%")) {
            return true;
        }
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '%', '*' -> re.append(".*");
                case '_' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }

    @Override
    public CompletionStage<List<JournalEvent>> actionEvents(long actionId) {
        return call(() -> List.copyOf(journals.getOrDefault(actionId, List.of())));
    }

    @Override
    public CompletionStage<DashboardStats> dashboard() {
        return call(() -> {
            OffsetDateTime now = now();
            List<Agent> online = agents.values().stream().filter(a -> a.status().equals("online")).toList();
            List<Agent> idle = agents.values().stream().filter(a -> a.status().equals("idle")
                    || a.status().equals("online") && a.heartbeatTs().isBefore(now.minus(IDLE_AFTER))).toList();
            Map<String, Long> perEndpoint = new TreeMap<>();
            online.forEach(a -> perEndpoint.merge(a.queueLoc(), 1L, Long::sum));
            List<Action> latest = actions.values().stream()
                    .sorted(Comparator.comparing(Action::startTime).reversed()).limit(10).toList();
            return new DashboardStats(online.size(), byVersion(online),
                    online.stream().map(Agent::queueLoc).distinct().count(), idle.size(), byVersion(idle),
                    idle.stream().map(Agent::queueLoc).distinct().count(), 0,
                    perEndpoint.values().stream().filter(n -> n >= 2).count(), 0, 0, latest);
        });
    }

    private static List<DashboardStats.VersionCount> byVersion(List<Agent> list) {
        Map<String, Long> counts = new TreeMap<>();
        list.forEach(a -> counts.merge(a.version(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> new DashboardStats.VersionCount(e.getKey(), e.getValue())).toList();
    }

    // ---- writes ----

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy) {
        return call(() -> {
            long id = ids.next();
            Action stored = action.withId(id).withInvestigators(signers)
                    .withStatus("pending", action.counters());
            actions.put(id, stored);
            ObjectNode created = MigJson.mapper().createObjectNode();
            created.set("action", MigJson.mapper().valueToTree(stored));
            created.put("postedbyid", postedBy.id()).put("postedby", postedBy.name());
            journal(id, "ActionCreated", created);
            return stored;
        });
    }

    /** IDs of the actions created with late reach. */
    public final java.util.Set<Long> lateReach = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                boolean late) {
        return createAction(action, signers, postedBy).thenApply(a -> {
            if (late) {
                lateReach.add(a.id());
            }
            return a;
        });
    }

    /** The pace of each action created with one. */
    public final Map<Long, io.gator.scheduler.action.Pacing> paced = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public CompletionStage<Action> createAction(Action action, List<Investigator> signers, Investigator postedBy,
                                                boolean late, io.gator.scheduler.action.Pacing pacing) {
        return createAction(action, signers, postedBy, late).thenApply(a -> {
            if (pacing.paced()) {
                paced.put(a.id(), pacing);
            }
            return a;
        });
    }

    /** Standing orders as posted (runs never launch here: the cluster's entity does that). */
    private final Map<Long, StandingOrderView> standing = new LinkedHashMap<>();

    @Override
    public CompletionStage<StandingOrderView> createStandingOrder(String name, List<SignedRun> runs,
                                                                  Investigator postedBy) {
        return call(() -> {
            long id = ids.next();
            List<StandingOrderView.RunView> views = new java.util.ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Action a = runs.get(i).action();
                views.add(new StandingOrderView.RunView(i, ids.next(), a.validFrom(), a.expireAfter(), "waiting"));
            }
            StandingOrderView o = new StandingOrderView(id, name, "active", postedBy.id(), postedBy.name(),
                    java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC), views);
            standing.put(id, o);
            return o;
        });
    }

    @Override
    public CompletionStage<Optional<StandingOrderView>> standingOrder(long id) {
        return call(() -> Optional.ofNullable(standing.get(id)));
    }

    @Override
    public CompletionStage<List<StandingOrderView>> standingOrders(int limit) {
        return call(() -> standing.values().stream().limit(limit).toList());
    }

    @Override
    public CompletionStage<Action> createActionWithId(long id, Action action, List<Investigator> signers,
                                                      Investigator postedBy) {
        return call(() -> {
            Action stored = action.withId(id).withInvestigators(signers).withStatus("pending", action.counters());
            Action before = actions.putIfAbsent(id, stored);
            if (before != null) {
                if (!before.withStatus("pending", action.counters()).equals(stored)) {
                    throw new BackendRejectedException("action " + id + " exists with other content");
                }
                return before;
            }
            ObjectNode created = MigJson.mapper().createObjectNode();
            created.set("action", MigJson.mapper().valueToTree(stored));
            created.put("postedbyid", postedBy.id()).put("postedby", postedBy.name());
            journal(id, "ActionCreated", created);
            return stored;
        });
    }

    @Override
    public CompletionStage<Action> cancelAction(long id, Investigator by) {
        return call(() -> {
            Action a = actions.get(id);
            if (a == null) {
                throw new NotFoundException("Action ID '" + id + "' not found");
            }
            if (!Admins.isAdmin(by.permissions()) && a.investigators().stream().noneMatch(i -> i.id() == by.id())) {
                throw new ForbiddenException("investigator " + by.name() + " neither signed action " + id
                        + " nor is an administrator");
            }
            if (List.of("completed", "cancelled", "expired", "failed").contains(a.status())) {
                throw new BackendRejectedException("action " + id + " is already " + a.status());
            }
            Action cancelled = a.withStatus("cancelled", a.counters()).withTimes(a.startTime(), now(), now());
            actions.put(id, cancelled);
            ObjectNode ev = JsonNodeFactory.instance.objectNode();
            ev.put("byid", by.id()).put("by", by.name());
            journal(id, "ActionCancelled", ev);
            return cancelled;
        });
    }

    private void journal(long actionId, String type, com.fasterxml.jackson.databind.JsonNode event) {
        List<JournalEvent> list = journals.computeIfAbsent(actionId, k -> new ArrayList<>());
        list.add(new JournalEvent(list.size() + 1L, now(), type, event));
    }

    @Override
    public CompletionStage<Void> heartbeat(HttpHeartbeat hb) {
        return call(() -> {
            Optional<Agent> existing = agents.values().stream()
                    .filter(a -> a.queueLoc().equals(hb.queueLoc()) && a.pid() == hb.pid()).findFirst();
            long id = existing.map(Agent::id).orElseGet(ids::next);
            agents.put(id, hb.toAgent(now()).withIdAndStatus(id, "online"));
            return null;
        });
    }

    @Override
    public CompletionStage<List<Investigator>> activeInvestigators() {
        return call(() -> investigators.values().stream().filter(i -> i.status().equals("active")).toList());
    }

    @Override
    public CompletionStage<Optional<Investigator>> investigatorByFingerprint(String fingerprint) {
        return call(() -> investigators.values().stream()
                .filter(i -> i.pgpFingerprint().equalsIgnoreCase(fingerprint)).findFirst());
    }

    @Override
    public CompletionStage<List<ApiKeyCredential>> apiKeyCredentials() {
        return call(() -> apiKeys.values().stream()
                .map(c -> new ApiKeyCredential(investigators.get(c.investigator().id()), c.hash(), c.salt(), c.lookup()))
                .filter(c -> c.investigator().status().equals("active")).toList());
    }

    @Override
    public CompletionStage<Void> tagApiKey(ApiKeyCredential verified, String lookup) {
        return call(() -> {
            apiKeys.computeIfPresent(verified.investigator().id(), (id, c) ->
                    java.util.Arrays.equals(c.hash(), verified.hash()) && c.lookup().isEmpty()
                            ? new ApiKeyCredential(c.investigator(), c.hash(), c.salt(), lookup) : c);
            return null;
        });
    }

    @Override
    public CompletionStage<Investigator> createInvestigator(NewInvestigator n) {
        return call(() -> {
            if (investigators.values().stream().anyMatch(i -> i.pgpFingerprint().equalsIgnoreCase(n.pgpFingerprint()))) {
                throw new BackendRejectedException("an investigator with fingerprint " + n.pgpFingerprint()
                        + " already exists");
            }
            OffsetDateTime now = now();
            Investigator inv = new Investigator(nextInvestigatorId++, n.name(), n.pgpFingerprint(),
                    Base64.getEncoder().encodeToString(n.armoredPublicKey().getBytes(StandardCharsets.UTF_8)),
                    "active", now, now, n.permissions());
            investigators.put(inv.id(), inv);
            return inv;
        });
    }

    @Override
    public CompletionStage<Investigator> updateInvestigator(InvestigatorUpdate u) {
        return call(() -> {
            Investigator old = investigators.get(u.id());
            if (old == null) {
                throw new NotFoundException("Investigator ID '" + u.id() + "' not found");
            }
            Investigator changed = new Investigator(old.id(), old.name(), old.pgpFingerprint(), old.publicKey(),
                    u.status().orElse(old.status()), old.createdAt(), now(), u.permissions().orElse(old.permissions()));
            boolean adminLeft = investigators.values().stream().map(i -> i.id() == changed.id() ? changed : i)
                    .anyMatch(i -> i.status().equals("active") && isAdmin(i.permissions()));
            if (!adminLeft && isAdmin(old.permissions()) && old.status().equals("active")) {
                throw new BackendRejectedException("refusing to remove the last active administrator ("
                        + old.name() + ")");
            }
            investigators.put(changed.id(), changed);
            u.apiKey().ifPresent(change -> {
                if (change instanceof InvestigatorUpdate.ApiKeyChange.Set s) {
                    apiKeys.put(changed.id(), new ApiKeyCredential(changed, s.hash(), s.salt(), s.lookup()));
                } else {
                    apiKeys.remove(changed.id());
                }
            });
            return changed;
        });
    }

    private static boolean isAdmin(Permissions p) {
        return Admins.isAdmin(p);
    }

    // ---- helpers ----

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private <T> CompletionStage<T> call(Supplier<T> body) {
        if (!available) {
            return CompletableFuture.failedFuture(new BackendUnavailableException("in-memory backend switched off"));
        }
        try {
            synchronized (this) {
                return CompletableFuture.completedFuture(body.get());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static final Pattern TERM = Pattern.compile("\\s*([a-z]+)\\s*=\\s*'([^']*)'\\s*");

    /**
     * The default target grammar: {@code all}, or {@code key='value'} terms (keys status, name,
     * version, mode, queueloc, os) joined by AND or OR (AND binds first).
     */
    public static Predicate<Agent> simpleTarget(String target) {
        if (target.trim().equalsIgnoreCase("all")) {
            return a -> a.status().equals("online");
        }
        Predicate<Agent> any = a -> false;
        for (String alt : target.split("(?i)\\s+or\\s+")) {
            Predicate<Agent> all = a -> true;
            for (String term : alt.split("(?i)\\s+and\\s+")) {
                var m = TERM.matcher(term);
                if (!m.matches()) {
                    throw new BackendRejectedException("target term not understood by the in-memory backend: " + term);
                }
                String key = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                Function<Agent, String> field = switch (key) {
                    case "status" -> Agent::status;
                    case "name" -> Agent::name;
                    case "version" -> Agent::version;
                    case "mode" -> Agent::mode;
                    case "queueloc" -> Agent::queueLoc;
                    case "os" -> a -> a.environment().os();
                    default -> throw new BackendRejectedException("unknown target field '" + key + "'");
                };
                all = all.and(a -> field.apply(a).equals(value));
            }
            any = any.or(all);
        }
        return any;
    }

    /** Adds a command's results for the tests (answered command). */
    public synchronized void answer(long commandId, String status, List<Result> results) {
        Command c = commands.get(commandId);
        commands.put(commandId, c.answered(status, results));
    }
}
