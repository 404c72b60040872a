using FluentAssertions;
using Watcher.Core.Engine;
using Watcher.Core.Maths;
using Watcher.Core.Tests.TestData;
using Xunit;

namespace Watcher.Core.Tests.Engine;

public sealed class ModelFileTests
{
    private static readonly Lazy<(ClusterModel Model, VectorSet Data)> Built = new(() =>
    {
        var (data, _, _) = Blobs.Generate(5, 40, 32, 1.0, 0.15, seed: 8);
        var result = new ClusterEngine(new EngineOptions()).Fit(data, Enumerable.Range(0, data.Rows).Select(i => $"a/{i}.jpg").ToArray(), "enc-a");
        result.Model.Clusters[0].Name = "cats & <dogs> \"ünïcode\"";
        return (result.Model, data);
    });

    private static byte[] Save(ClusterModel model)
    {
        using var stream = new MemoryStream();
        ModelFile.Write(model, stream);
        return stream.ToArray();
    }

    private static ClusterModel Load(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes));

    [Fact]
    public void Round_trip_keeps_everything_that_filing_needs()
    {
        var (model, data) = Built.Value;

        ClusterModel loaded = Load(Save(model));

        loaded.EncoderId.Should().Be("enc-a");
        loaded.EncoderDimension.Should().Be(32);
        loaded.Revision.Should().Be(model.Revision);
        loaded.CreatedUtc.Should().Be(model.CreatedUtc);
        loaded.Novelty.Should().BeEquivalentTo(model.Novelty);
        loaded.Clusters.Select(c => (c.Id, c.Name, c.Size)).Should().Equal(model.Clusters.Select(c => (c.Id, c.Name, c.Size)));
        loaded.Clusters[1].ReviewSamples.Should().Equal(model.Clusters[1].ReviewSamples);
        loaded.Classify(data).Should().Equal(model.Classify(data));
    }

    [Fact]
    public void A_damaged_byte_is_refused()
    {
        byte[] bytes = Save(Built.Value.Model);
        bytes[bytes.Length / 2] ^= 0x40;

        var act = () => Load(bytes);

        act.Should().Throw<ModelFormatException>().WithMessage("*damaged or incomplete*");
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        byte[] bytes = Save(Built.Value.Model);

        var act = () => Load(bytes[..(bytes.Length - 100)]);

        act.Should().Throw<ModelFormatException>();
    }

    [Fact]
    public void Something_else_is_refused_by_its_signature()
    {
        var act = () => Load("{\"not\":\"a model\"}........................................"u8.ToArray());

        act.Should().Throw<ModelFormatException>().WithMessage("*not a Watcher model file*");
    }

    [Fact]
    public void A_model_from_a_newer_format_says_so()
    {
        byte[] bytes = Save(Built.Value.Model);
        bytes[8] = 99;

        var act = () => Load(bytes);

        act.Should().Throw<ModelFormatException>().WithMessage("*format version 99*newer Watcher*");
    }

    [Fact]
    public void A_model_from_another_encoder_fails_with_both_names()
    {
        ClusterModel model = Load(Save(Built.Value.Model));

        var byName = () => model.EnsureEncoder("clip-vit-b32", 32);
        var byShape = () => model.Classify(new VectorSet(2, 512));

        byName.Should().Throw<ModelMismatchException>().WithMessage("*'enc-a'*'clip-vit-b32'*");
        byShape.Should().Throw<ModelMismatchException>().WithMessage("*32-d*512-d*");
        model.Invoking(m => m.EnsureEncoder("enc-a", 32)).Should().NotThrow();
    }
}
