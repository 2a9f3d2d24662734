namespace Firebreak.Server.Postmortems;

/// <summary>The review after resolve: the postmortem and action item streams, what plans their deadlines, the service.</summary>
public static class PostmortemModule
{
    public static void AddPostmortems(this WebApplicationBuilder builder)
    {
        foreach (var codec in Storage.Postmortems.PostmortemStore.Codecs)
        {
            builder.Services.AddSingleton(codec);
        }

        foreach (var projection in Storage.Postmortems.PostmortemStore.Projections)
        {
            builder.Services.AddSingleton(projection);
        }

        builder.Services.AddSingleton<Storage.Streams.IProjection, PostmortemDeadlinesProjection>();
        builder.Services.AddSingleton<Storage.Postmortems.PostmortemStore>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Configuration.FirebreakConfig>().Postmortems);
        builder.Services.AddSingleton<Notifications.IExtraChannels, Trackers.TrackerChannels>();
        builder.Services.AddSingleton<PostmortemService>();
        builder.Services.AddSingleton<Scheduling.IScheduledModule>(sp => new ReviewModule(PostmortemDeadlinesProjection.CreatePurpose, (id, ct) => sp.GetRequiredService<PostmortemService>().CreateRequiredAsync(id, ct)));
        builder.Services.AddSingleton<Scheduling.IScheduledModule>(sp => new ReviewModule(PostmortemDeadlinesProjection.DuePurpose, (id, ct) => sp.GetRequiredService<PostmortemService>().RemindAsync(id, ct)));
        builder.Services.AddSingleton<Scheduling.IScheduledModule>(sp => new ReviewModule(PostmortemDeadlinesProjection.FollowThroughPurpose, (id, ct) => sp.GetRequiredService<PostmortemService>().RemindActionAsync(id, ct)));
        builder.Services.AddSingleton<Storage.Streams.IProjection, ReviewOutboxProjection>();
    }
}
