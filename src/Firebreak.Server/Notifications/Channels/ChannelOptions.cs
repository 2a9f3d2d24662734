namespace Firebreak.Server.Notifications.Channels;

/// <summary>
/// A channel as firebreak.yaml declares it: its name, its type, whether private incidents may go to
/// it, and what each type adds (address, secret, recipients). Describes itself without its secrets.
/// </summary>
public abstract record ChannelOptions(string Name, bool Private)
{
    /// <summary>The type name in firebreak.yaml: slack, teams, mattermost, webhook, email.</summary>
    public abstract string Type { get; }

    /// <summary>Where it sends, safe to show: the receiver's host, never the secret part of an address.</summary>
    public abstract string Target { get; }

    public abstract IChannel Create(ChannelServices services);
}

/// <summary>What a channel's sender may use: the one HTTP client for deliveries, the clock, the try timeout.</summary>
public sealed record ChannelServices(HttpClient Http, TimeProvider Clock, TimeSpan Timeout);
