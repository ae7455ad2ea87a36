using System.Text;
using Clientele.Features;

namespace Clientele.Pipeline.State;

/// <summary>
/// A segmentation version's products by segment (<see cref="SegmentProductQuery"/>'s rows, by RFM segment name and by
/// cluster), kept with the version as the run computed them for its themes: the briefs and the report read them
/// instead of grouping every customer's products again. Binary: a format number, the row count, then per row its kind
/// (0 an RFM segment, 1 a cluster), the segment's name or cluster, the product id, the revenue, buyers and net spenders;
/// rows in a fixed order (RFM before clusters, then by segment and product id), so the same rows give the same bytes.
/// </summary>
internal static class SegmentProductsArtifact
{
    private const byte Format = 1;

    public static byte[] Bytes(IReadOnlyList<SegmentProduct> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows
            .OrderBy(r => r.RfmSegment is null ? 1 : 0)
            .ThenBy(r => r.RfmSegment, StringComparer.Ordinal)
            .ThenBy(r => r.Cluster)
            .ThenBy(r => r.ProductId, StringComparer.Ordinal);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(rows.Count);
            foreach (var row in ordered)
            {
                if (row.RfmSegment is { } name)
                {
                    writer.Write((byte)0);
                    writer.Write(name);
                }
                else
                {
                    writer.Write((byte)1);
                    writer.Write(row.Cluster ?? throw new ArgumentException("A segment-product row has neither an RFM segment nor a cluster.", nameof(rows)));
                }
                writer.Write(row.ProductId);
                writer.Write(row.Revenue);
                writer.Write(row.Buyers);
                writer.Write(row.NetSpenders);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not of this format (damaged, or written by a later build).</exception>
    public static IReadOnlyList<SegmentProduct> Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != Format)
            {
                throw new FormatException("The segmentation's products are in a format this build does not read.");
            }
            var rows = new SegmentProduct[reader.ReadInt32()];
            for (var i = 0; i < rows.Length; i++)
            {
                var kind = reader.ReadByte();
                var name = kind == 0 ? reader.ReadString() : null;
                int? cluster = kind == 1 ? reader.ReadInt32() : kind == 0 ? null : throw new FormatException($"The segmentation's products have a row of kind {kind}.");
                rows[i] = new SegmentProduct(name, cluster, reader.ReadString(), reader.ReadDouble(), reader.ReadInt64()) { NetSpenders = reader.ReadInt64() };
            }
            if (reader.BaseStream.Position != bytes.Length)
            {
                throw new FormatException("The segmentation's products have bytes after their last row.");
            }
            return rows;
        }
        catch (EndOfStreamException e)
        {
            throw new FormatException("The segmentation's products end before their last row.", e);
        }
    }
}
