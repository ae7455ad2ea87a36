using Clientele.Core;

namespace Clientele.Data.Store;

/// <summary>
/// One fitted version of a model, as the registry keeps it. <see cref="Version"/> numbers every fit in the store
/// (across kinds), so <c>clientele models use 7</c> names one without its kind.
/// </summary>
/// <param name="AsOf">The first day the fit did not observe, or null when it takes no date.</param>
/// <param name="Options">What was asked for (JSON).</param>
/// <param name="Parameters">The fitted parameters and everything the outputs describe (JSON).</param>
/// <param name="Metrics">Quality measures (JSON).</param>
/// <param name="Data">What the fit saw: row counts and the last order (JSON, see <see cref="StoreData"/>).</param>
public sealed record ModelVersion(long Version, string Kind, DateTime FittedAt, DateOnly? AsOf, string Options, string Parameters, string Metrics, string Data, bool IsCurrent);

/// <summary>A fit to add to the registry: its JSON parts and its binary artifacts (factor matrices, classifier archives) by name.</summary>
public sealed record NewModelVersion(string Kind, DateOnly? AsOf, string Options, string Parameters, string Metrics, string Data)
{
    /// <value>The default value is none.</value>
    public IReadOnlyDictionary<string, ModelArtifact> Artifacts { get; init; } = new Dictionary<string, ModelArtifact>();
}

/// <summary>A binary artifact of a model version: bytes in hand, or a model that writes itself to a stream (one larger than an array holds).</summary>
public sealed class ModelArtifact
{
    private ModelArtifact(Action<Stream> writeTo) => WriteTo = writeTo;

    /// <summary>Gets what writes the artifact's bytes to a stream.</summary>
    public Action<Stream> WriteTo { get; }

    /// <summary>An artifact whose bytes are written by <paramref name="writeTo"/>, when the registry stores it.</summary>
    public static ModelArtifact Written(Action<Stream> writeTo) => new(writeTo ?? throw new ArgumentNullException(nameof(writeTo)));

    /// <summary>An artifact of these bytes.</summary>
    public static ModelArtifact Of(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new(stream => stream.Write(bytes));
    }

    public static implicit operator ModelArtifact(byte[] bytes) => Of(bytes);
}

/// <summary>
/// The model registry: every fit adds a version; one version per kind is current, and making another current is one
/// statement, so a reader sees the old version or the new one, never a mix. Results tables are keyed by version and
/// their <c>current_…</c> views follow the registry.
/// </summary>
public static class ModelRegistry
{
    private const string Columns = "version, kind, fitted_at, as_of, options, parameters, metrics, data, is_current";

    /// <summary>
    /// Adds a version (not yet current) with its artifacts and returns its number. Call inside the transaction that
    /// writes its results, then <see cref="MakeCurrent"/>, so that a version becomes current only with all its rows.
    /// </summary>
    public static long Add(ClienteleStore store, NewModelVersion model, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(time);
        var version = (store.Scalar<long?>("SELECT max(version) FROM model_versions") ?? 0) + 1;
        store.Execute(
            $"INSERT INTO model_versions ({Columns}) VALUES ($version, $kind, $at, $as_of, $options, $parameters, $metrics, $data, false)",
            ("version", version), ("kind", model.Kind), ("at", time.GetUtcNow().UtcDateTime), ("as_of", model.AsOf?.ToDateTime(TimeOnly.MinValue)),
            ("options", model.Options), ("parameters", model.Parameters), ("metrics", model.Metrics), ("data", model.Data));
        foreach (var (name, artifact) in model.Artifacts.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            WriteArtifact(store, version, name, artifact);
        }
        return version;
    }

    /// <summary>Makes <paramref name="version"/> the current one of its kind (rollback and roll-forward alike).</summary>
    public static ModelVersion MakeCurrent(ClienteleStore store, long version)
    {
        var model = Get(store, version);
        store.Execute("UPDATE model_versions SET is_current = (version = $version) WHERE kind = $kind", ("version", version), ("kind", model.Kind));
        return model with { IsCurrent = true };
    }

    /// <summary>Every version, newest first; of one kind when <paramref name="kind"/> is given.</summary>
    public static IReadOnlyList<ModelVersion> List(ClienteleStore store, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Read(store, $"SELECT {Columns} FROM model_versions WHERE CAST($kind AS VARCHAR) IS NULL OR kind = $kind ORDER BY version DESC", ("kind", kind));
    }

    /// <summary>The current version of <paramref name="kind"/>, or null when none was fitted.</summary>
    public static ModelVersion? Current(ClienteleStore store, string kind)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Read(store, $"SELECT {Columns} FROM model_versions WHERE kind = $kind AND is_current", ("kind", kind)).SingleOrDefault();
    }

    /// <summary>The current version of <paramref name="kind"/>; when there is none, an error that names the command that makes it.</summary>
    public static ModelVersion Require(ClienteleStore store, string kind, string command)
    {
        return Current(store, kind)
            ?? throw new ClienteleException($"the store {store.Path} has no {kind} model yet: make one with clientele {command} --store {store.Path} (or clientele refresh)");
    }

    public static ModelVersion Get(ClienteleStore store, long version)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Read(store, $"SELECT {Columns} FROM model_versions WHERE version = $version", ("version", version)).SingleOrDefault()
            ?? throw new ClienteleException($"no model version {version} in {store.Path}; clientele models list --store {store.Path} shows them");
    }

    /// <summary>An artifact of a version, or null when it has none of that name.</summary>
    /// <exception cref="ClienteleException">The artifact is larger than one array holds: read it with <see cref="OpenArtifact"/>.</exception>
    public static byte[]? Artifact(ClienteleStore store, long version, string name)
    {
        using var stream = OpenArtifact(store, version, name);
        if (stream is null)
        {
            return null;
        }
        if (stream.Length > Array.MaxLength)
        {
            throw new ClienteleException($"model version {version}'s {name} is {stream.Length:N0} bytes, more than one array holds; it is read as a stream");
        }
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// Replaces an artifact of a version (an erasure rewrites a recommender without the customer): its parts are deleted
    /// and <paramref name="artifact"/> written in their place. Call inside the caller's transaction.
    /// </summary>
    public static void ReplaceArtifact(ClienteleStore store, long version, string name, ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(artifact);
        store.Execute("DELETE FROM model_artifact_parts WHERE version = $version AND name = $name", ("version", version), ("name", name));
        WriteArtifact(store, version, name, artifact);
    }

    private static void WriteArtifact(ClienteleStore store, long version, string name, ModelArtifact artifact)
    {
        using var parts = new ArtifactPartWriter(store, version, name);
        artifact.WriteTo(parts);
    }

    /// <summary>An artifact of a version as a stream that reads its parts from the store one at a time, or null when it has none of that name.</summary>
    public static Stream? OpenArtifact(ClienteleStore store, long version, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ArtifactPartReader.Open(store, version, name);
    }

    /// <summary>An artifact the version must have; its absence is an error that says to fit the kind again.</summary>
    public static byte[] RequireArtifact(ClienteleStore store, ModelVersion version, string name, string command)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Artifact(store, version.Version, name)
            ?? throw new ClienteleException($"model version {version.Version} ({version.Kind}) lacks its {name}; fit it again with clientele {command}");
    }

    private static List<ModelVersion> Read(ClienteleStore store, string sql, params (string Name, object? Value)[] parameters)
    {
        var versions = new List<ModelVersion>();
        using var command = store.Command(sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            versions.Add(new ModelVersion(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetDateTime(2),
                reader.IsDBNull(3) ? null : DateOnly.FromDateTime(reader.GetDateTime(3)),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetBoolean(8)));
        }
        return versions;
    }
}
