using Firebreak.Storage.Changes;
using Firebreak.Storage.Streams;

namespace Firebreak.Server.Changes;

/// <summary>Change events: the <c>change</c> stream type, its projection into the changes tables, the service.</summary>
public static class ChangesModule
{
    public static void AddChanges(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ChangeStore.Codec);
        builder.Services.AddSingleton(ChangeStore.Projection);
        builder.Services.AddSingleton<ChangeStore>();
        builder.Services.AddSingleton<ChangeService>();
    }
}
