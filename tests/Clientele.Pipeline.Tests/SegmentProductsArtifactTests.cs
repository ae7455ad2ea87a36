using Clientele.Features;
using Clientele.Pipeline.State;

namespace Clientele.Pipeline.Tests;

public sealed class SegmentProductsArtifactTests
{
    private static readonly SegmentProduct[] Rows =
    [
        new("Champions", null, "85123A", 1234.5, 17) { NetSpenders = 16 },
        new(null, -1, "22423", -3.25, 0) { NetSpenders = 0 }, // DBSCAN's noise: kept as the query gives it
        new("Can't Lose Them", null, "POST", 0.1 + 0.2, 2) { NetSpenders = 2 },
        new(null, 2, "Ü-7", double.Epsilon, long.MaxValue) { NetSpenders = 1 },
    ];

    [Fact]
    public void Read_WhatBytesWrote_TheSameRowsInAFixedOrder()
    {
        var read = SegmentProductsArtifact.Read(SegmentProductsArtifact.Bytes(Rows));

        // RFM segments first, by name (ordinal), then clusters by number.
        Assert.Equal([Rows[2], Rows[0], Rows[1], Rows[3]], read);
        Assert.Equal(SegmentProductsArtifact.Bytes(Rows), SegmentProductsArtifact.Bytes([.. Rows.Reverse()]));
    }

    [Fact]
    public void Read_DamagedBytes_FormatException()
    {
        var bytes = SegmentProductsArtifact.Bytes(Rows);

        Assert.Throws<FormatException>(() => SegmentProductsArtifact.Read(bytes[..^3]));
        Assert.Throws<FormatException>(() => SegmentProductsArtifact.Read([.. bytes, 0]));
        Assert.Throws<FormatException>(() => SegmentProductsArtifact.Read([2, .. bytes[1..]]));
    }
}
