using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Firebreak.Core.Access;
using Firebreak.Core.Common;
using Firebreak.Server.Configuration;
using Firebreak.Server.Notifications;
using Firebreak.Storage.Notifications;
using Firebreak.Storage.StatusPage;
using Firebreak.Server.Http;
using MimeKit;

namespace Firebreak.Server.StatusPage.Subscribers;

/// <summary>
/// Subscribing to the status page: sign-up by email with double opt-in (only the confirmation is ever
/// sent before the link is opened), per-component choice, unsubscribing (which erases the address),
/// webhooks added by admins, the list and its export. Sign-ups are limited per client address.
/// </summary>
public sealed class SubscriptionService(SubscriberStore store, FirebreakConfig config, Dispatcher dispatcher, TimeProvider clock)
{
    public const int MaxAddress = 254;
    public const int MaxUrl = 2_000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _signUps = new(StringComparer.Ordinal);

    private SubscribersConfig Offer => config.StatusPage.Subscribers;

    public string PageName => config.StatusPage.Name;

    public IReadOnlyList<string> ComponentNames => [.. config.StatusPage.Components.Select(c => c.Name)];

    /// <summary>
    /// An email sign-up from the public page. The answer is the same whether or not the address was
    /// known (it tells nobody who subscribes); an unconfirmed address gets its confirmation again.
    /// </summary>
    public async Task<Result<bool>> SignUpAsync(string? email, IReadOnlyList<string>? components, string client, CancellationToken cancellationToken)
    {
        if (Offer.EmailChannel is null)
        {
            return new NotFound("This status page does not offer email subscriptions.");
        }

        var address = ParseEmail(email);
        if (!address.IsSuccess)
        {
            return address.Error!;
        }

        var chosen = Components(components);
        if (!chosen.IsSuccess)
        {
            return chosen.Error!;
        }

        if (!Admit(client))
        {
            return new TooMany($"Too many sign-ups from your address; try again in an hour (at most {Offer.SignUpsPerHour} an hour).");
        }

        await store.AddAsync(Subscriber.Email, address.Value, chosen.Value, NewToken(), null, confirmed: false, client, clock.GetUtcNow(), ConfirmationFor, cancellationToken);
        dispatcher.WakeAll();
        return true;
    }

    /// <summary>An admin adds a webhook (its secret is answered once) or an email address (which still confirms by its link).</summary>
    public async Task<Result<(Subscriber Subscriber, string? Secret)>> AddAsync(Actor actor, string? kind, string? address, IReadOnlyList<string>? components, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can add subscribers.");
        }

        var chosen = Components(components);
        if (!chosen.IsSuccess)
        {
            return chosen.Error!;
        }

        var now = clock.GetUtcNow();
        switch (kind)
        {
            case Subscriber.Webhook when Offer.Webhooks:
                if (!Uri.TryCreate(address?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || address!.Length > MaxUrl || !string.IsNullOrEmpty(url.UserInfo))
                {
                    return new Invalid("address", "A webhook subscriber's address is its http(s) URL, without a user name or password in it.");
                }

                var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                var (added, created) = await store.AddAsync(Subscriber.Webhook, url.ToString(), chosen.Value, NewToken(), secret, confirmed: true, null, now, _ => null, cancellationToken);
                return created ? (added, secret) : new Conflict($"{url} is already a subscriber (number {added.Id}); remove it first to get a new secret.");
            case Subscriber.Webhook:
                return new Invalid("kind", "This status page does not offer webhook subscriptions: set statusPage.subscribers.webhooks: true in firebreak.yaml.");
            case Subscriber.Email when Offer.EmailChannel is not null:
                var email = ParseEmail(address);
                if (!email.IsSuccess)
                {
                    return email.Error!;
                }

                var (subscriber, _) = await store.AddAsync(Subscriber.Email, email.Value, chosen.Value, NewToken(), null, confirmed: false, null, now, ConfirmationFor, cancellationToken);
                dispatcher.WakeAll();
                return (subscriber, (string?)null);
            case Subscriber.Email:
                return new Invalid("kind", "This status page does not offer email subscriptions: set statusPage.subscribers.email to an email channel in firebreak.yaml.");
            default:
                return new Invalid("kind", "'kind' is email or webhook.");
        }
    }

    public Task<Subscriber?> FindAsync(string token, CancellationToken cancellationToken) =>
        IsToken(token) ? store.ByTokenAsync(token, cancellationToken) : Task.FromResult<Subscriber?>(null);

    public async Task<bool> ConfirmAsync(string token, CancellationToken cancellationToken) =>
        IsToken(token) && await store.ConfirmAsync(token, clock.GetUtcNow(), cancellationToken);

    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken) =>
        IsToken(token) && await store.RemoveByTokenAsync(token, cancellationToken);

    public async Task<Result<bool>> ChooseAsync(string token, IReadOnlyList<string>? components, CancellationToken cancellationToken)
    {
        var chosen = Components(components);
        if (!chosen.IsSuccess)
        {
            return chosen.Error!;
        }

        return IsToken(token) && await store.SetComponentsAsync(token, chosen.Value, cancellationToken)
            ? true
            : new NotFound("This subscription link is no longer valid.");
    }

    public async Task<Result<IReadOnlyList<Subscriber>>> ListAsync(Actor actor, CancellationToken cancellationToken) =>
        actor.IsAdmin ? Result<IReadOnlyList<Subscriber>>.Ok(await store.ListAsync(cancellationToken)) : new Forbidden("Only an admin can see the subscribers.");

    public async Task<Result<bool>> RemoveAsync(Actor actor, long id, CancellationToken cancellationToken)
    {
        if (!actor.IsAdmin)
        {
            return new Forbidden("Only an admin can remove subscribers.");
        }

        return await store.RemoveAsync(id, cancellationToken) ? true : new NotFound($"There is no subscriber {id}.");
    }

    /// <summary>The list as CSV (RFC 4180): id, kind, address, components, confirmed_at, created_at; no token or secret.</summary>
    public static string Csv(IEnumerable<Subscriber> subscribers)
    {
        var csv = new StringBuilder("id,kind,address,components,confirmed_at,created_at\r\n");
        foreach (var s in subscribers)
        {
            csv.Append(s.Id.ToString(CultureInfo.InvariantCulture)).Append(',').Append(s.Kind).Append(',').Append(Field(s.Address)).Append(',')
                .Append(Field(s.Components is null ? "all" : string.Join(";", s.Components))).Append(',')
                .Append(s.ConfirmedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty).Append(',')
                .Append(s.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return csv.ToString();

        static string Field(string value) => Http.CsvText.Field(value);
    }

    private OutboxMessage? ConfirmationFor(Subscriber subscriber)
    {
        if (subscriber.Confirmed)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var message = SubscriberNews.To(SubscriberNews.Confirmation(subscriber, PageName, now), subscriber);
        var key = string.Create(CultureInfo.InvariantCulture, $"SUB-{subscriber.Id}.confirm.{now.ToUnixTimeMilliseconds()}");
        return new OutboxMessage(key, SubscriberChannels.EmailName, SubscriberNews.Subject(subscriber.Id), SubscriberNews.ConfirmKind, 0, 0,
            JsonSerializer.Serialize(message, NotificationsJson.Default.Notification), now);
    }

    private Result<IReadOnlyList<string>?> Components(IReadOnlyList<string>? given)
    {
        var names = ComponentNames;
        if (given is null || given.Count == 0)
        {
            return Result<IReadOnlyList<string>?>.Ok(null);
        }

        var chosen = new List<string>();
        foreach (var name in given)
        {
            var component = names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (component is null)
            {
                return new Invalid("components", $"There is no component '{Text.Clip(name ?? string.Empty, 100)}'; the components are {string.Join(", ", names)}.");
            }

            if (!chosen.Contains(component))
            {
                chosen.Add(component);
            }
        }

        return chosen.Count == names.Count ? null : chosen;
    }

    private static Result<string> ParseEmail(string? email)
    {
        var text = email?.Trim() ?? string.Empty;
        if (text.Length is 0 or > MaxAddress || !MailboxAddress.TryParse(text, out var parsed) || parsed.Address != text || !text.Contains('@', StringComparison.Ordinal) || text.Any(char.IsControl))
        {
            return new Invalid("email", "Give one email address, like name@example.com.");
        }

        // One mailbox, one subscriber: addresses are kept in lowercase, so Ada@Example.com signs up once.
        return text.ToLowerInvariant();
    }

    private bool Admit(string client)
    {
        var now = clock.GetUtcNow();
        lock (_signUps)
        {
            if (_signUps.Count > 10_000)
            {
                foreach (var stale in _signUps.Where(p => p.Value.All(t => now - t > Window)).Select(p => p.Key).ToList())
                {
                    _signUps.Remove(stale);
                }
            }

            var times = _signUps.TryGetValue(client, out var q) ? q : _signUps[client] = new Queue<DateTimeOffset>();
            while (times.Count > 0 && now - times.Peek() > Window)
            {
                times.Dequeue();
            }

            if (times.Count >= Offer.SignUpsPerHour)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    private static bool IsToken(string token) => token.Length == 32 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
