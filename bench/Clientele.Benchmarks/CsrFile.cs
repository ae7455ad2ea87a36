using System.Globalization;
using System.Runtime.InteropServices;
using Clientele.Recommend;

namespace Clientele.Benchmarks;

/// <summary>The binary CSR files of <c>bench/peers/recommend_data.py</c> (and <c>export-store-csr</c>), read by every ALS and BPR bench.</summary>
internal static class CsrFile
{
    /// <summary>Reads a file into an <see cref="InteractionMatrix"/> with ids "0", "1", ….</summary>
    public static InteractionMatrix Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var users = checked((int)reader.ReadInt64());
        var items = checked((int)reader.ReadInt64());
        var nnz = checked((int)reader.ReadInt64());
        var pointers = ReadArray<int>(reader, users + 1);
        var columns = ReadArray<int>(reader, nnz);
        var weights = ReadArray<float>(reader, nnz);
        var triples = new (int User, int Item, float Weight)[nnz];
        for (var u = 0; u < users; u++)
        {
            for (var n = pointers[u]; n < pointers[u + 1]; n++)
            {
                triples[n] = (u, columns[n], weights[n]);
            }
        }
        return InteractionMatrix.Build(Ids(users), Ids(items), triples);
    }

    private static T[] ReadArray<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var result = new T[count];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        if (reader.BaseStream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) != bytes.Length)
        {
            throw new InvalidDataException($"The CSR file ends early (expected {count} values of {typeof(T).Name}).");
        }
        return result;
    }

    public static string[] Ids(int count) => Enumerable.Range(0, count).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
}
