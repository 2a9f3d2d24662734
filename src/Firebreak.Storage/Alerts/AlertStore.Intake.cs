using System.Collections.Concurrent;
using Firebreak.Core.Alerts;
using Firebreak.Core.Common;
using Firebreak.Storage.Streams;

namespace Firebreak.Storage.Alerts;

/// <summary>
/// Intake under a storm. Requests that only report firing alerts (what Prometheus and Alertmanager send
/// all the time) queue here, and one drainer takes what has queued as one write of the store: each group
/// is locked and read once, its alerts' last words read in one query, each request decided in turn on
/// the state the ones before it left (exactly as if they had been written one after another), and the
/// group's events appended once. A thousand senders of one failure then cost a few commands a commit
/// rather than a few commands each. Resolves, acknowledges and group-wide resolves are written alone.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>At most this many alerts go into one shared write (a request is never split).</summary>
    public const int MaxSharedAlerts = 2_000;

    private readonly ConcurrentQueue<PendingIntake> _intakes = new();
    private int _draining;

    /// <summary>
    /// Takes one request's alerts at an integration: split into groups by the policy's key, each group
    /// locked by its key's row, its alerts' last words read, the decision appended. All in one transaction,
    /// shared with the other requests queued beside it; the answer comes once it is durable.
    /// </summary>
    public Task<Result<IntakeOutcome>> IntakeAsync(string integration, AlertPolicy policy, IntakeBatch batch, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = new PendingIntake(integration, policy, batch, actor, now, cancellationToken);
        if (!Shares(batch))
        {
            return streams.WriteAsync<IntakeOutcome>(async (writer, ct) => (await IntakeSharedAsync(writer.Scope, writer, [pending], ct))[0], cancellationToken);
        }

        _intakes.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The drainer outlives this request: it must not carry the request's context (its client address) into later writes.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(DrainIntakesAsync, CancellationToken.None);
            }
        }

        return pending.Completion.Task;
    }

    /// <summary>Only firing alerts, nothing said of the whole group: deciding such requests together is the same as one after another.</summary>
    private static bool Shares(IntakeBatch batch) =>
        batch is { GroupResolved: false, Action: IntakeAction.Notify } && batch.Alerts.All(a => a.Status == AlertStatus.Firing);

    private async Task DrainIntakesAsync()
    {
        var taken = new List<PendingIntake>();
        while (true)
        {
            taken.Clear();
            var alerts = 0;
            while (_intakes.TryPeek(out var next) && (taken.Count == 0 || alerts + next.Batch.Alerts.Count <= MaxSharedAlerts) && _intakes.TryDequeue(out next))
            {
                if (next.Cancellation.IsCancellationRequested)
                {
                    next.Completion.TrySetCanceled(next.Cancellation);
                    continue;
                }

                taken.Add(next);
                alerts += next.Batch.Alerts.Count;
            }

            if (taken.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                // A request queued between the last dequeue and the flag going down would wait forever: take it.
                if (_intakes.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            var requests = taken.ToList();
            try
            {
                var written = await streams.WriteAsync<IReadOnlyList<Result<IntakeOutcome>>>(
                    async (writer, ct) => Result<IReadOnlyList<Result<IntakeOutcome>>>.Ok(await IntakeSharedAsync(writer.Scope, writer, requests, ct)),
                    CancellationToken.None);
                for (var i = 0; i < requests.Count; i++)
                {
                    requests[i].Completion.TrySetResult(written.IsSuccess ? written.Value[i] : written.Error!);
                }
            }
            catch (Exception e)
            {
                foreach (var request in requests)
                {
                    request.Completion.TrySetException(e);
                }
            }
        }
    }

    /// <summary>
    /// Decides and appends the requests, in order, group by group. Each group is read once; each request is
    /// decided on the state and the alerts' last words the requests before it left; the group's events go in
    /// one append. Returns each request's outcome.
    /// </summary>
    private async Task<IReadOnlyList<Result<IntakeOutcome>>> IntakeSharedAsync(WriteScope scope, StreamTransaction writer, IReadOnlyList<PendingIntake> requests, CancellationToken ct)
    {
        var touched = requests.Select(_ => new List<long>()).ToArray();
        var changed = new int[requests.Count];
        var finals = new Dictionary<long, AlertGroupState>();
        var now = requests.Max(r => r.Now);

        // Which alerts of which request go to which group, in the order the requests came.
        var byGroup = new List<(string Integration, string Key, AlertPolicy Policy, string Actor, List<(int Request, List<IncomingAlert> Alerts)> Parts)>();
        var index = new Dictionary<(string, string), int>();
        for (var r = 0; r < requests.Count; r++)
        {
            var request = requests[r];
            foreach (var byKey in request.Batch.Alerts.GroupBy(a => request.Policy.KeyOf(request.Batch, a), StringComparer.Ordinal))
            {
                if (!index.TryGetValue((request.Integration, byKey.Key), out var at))
                {
                    index[(request.Integration, byKey.Key)] = at = byGroup.Count;
                    byGroup.Add((request.Integration, byKey.Key, request.Policy, request.Actor, []));
                }

                byGroup[at].Parts.Add((r, byKey.ToList()));
            }
        }

        foreach (var (integration, key, policy, actor, parts) in byGroup)
        {
            var (_, group) = await CurrentGroupAsync(scope, integration, key, ct);
            if (!AlertGroup.TakesAlerts(group, policy, now))
            {
                group = null;
            }

            var known = group is null
                ? new Dictionary<string, AlertStatus>(StringComparer.Ordinal)
                : await KnownAsync(scope, group.Id, parts.SelectMany(p => p.Alerts).Select(a => a.Fingerprint), ct);
            long? groupId = group?.Id;
            var state = group;
            var events = new List<IAlertGroupEvent>();
            foreach (var (r, alerts) in parts)
            {
                var request = requests[r];
                var decided = AlertGroup.DecideIntake(state, integration, key, alerts, request.Batch.GroupResolved, request.Batch.Action, known, policy, now);
                if (decided.Count == 0)
                {
                    if (state is not null)
                    {
                        touched[r].Add(state.Id);
                    }

                    continue;
                }

                groupId ??= await NextIdAsync(scope, ct);
                foreach (var e in decided)
                {
                    state = AlertGroup.Evolve(state, groupId.Value, (state?.Version ?? 0) + 1, e, actor, now);
                    switch (e)
                    {
                        case AlertFired fired:
                            known[fired.Fingerprint] = AlertStatus.Firing;
                            break;
                        case AlertResolved resolved:
                            known[resolved.Fingerprint] = AlertStatus.Resolved;
                            break;
                        case AlertGroupResolved:
                            foreach (var fingerprint in known.Keys.ToList())
                            {
                                known[fingerprint] = AlertStatus.Resolved;
                            }

                            break;
                    }
                }

                events.AddRange(decided);
                changed[r] += decided.Count(e => e is AlertFired or AlertResolved or AlertGroupAcknowledged);
                touched[r].Add(groupId.Value);
            }

            if (events.Count == 0)
            {
                if (group is not null)
                {
                    finals[group.Id] = group;
                }

                continue;
            }

            var id = groupId!.Value;
            var append = await writer.AppendAsync(
                new StreamId(StreamType, Id(id)),
                group?.Version ?? 0,
                [.. events],
                actor,
                now,
                group,
                stored => stored.Aggregate(group, (s, e) => AlertGroup.Evolve(s, id, e.Version, (IAlertGroupEvent)e.Event, e.Actor, e.OccurredAt)),
                ct);
            finals[id] = (AlertGroupState)append.After!;
        }

        return [.. requests.Select((request, r) => Result<IntakeOutcome>.Ok(new IntakeOutcome(
            [.. touched[r].Distinct().Select(id => finals[id])], changed[r], request.Batch.Alerts.Count - changed[r])))];
    }

    private sealed record PendingIntake(string Integration, AlertPolicy Policy, IntakeBatch Batch, string Actor, DateTimeOffset Now, CancellationToken Cancellation)
    {
        public TaskCompletionSource<Result<IntakeOutcome>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
