using Watcher.Core.Maths;

namespace Watcher.Core.Tests.Maths;

public class VectorSetTests
{
    [Fact]
    public void RowIsAViewIntoTheRowMajorData()
    {
        var set = new VectorSet([1, 2, 3, 4, 5, 6], 3, 2);

        set.Row(1).ToArray().Should().Equal(3f, 4f);
        set.Row(2)[0] = 50;
        set.Data[4].Should().Be(50);
    }

    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(6, 2, 2)]
    public void ConstructorRejectsDataOfTheWrongLength(int length, int rows, int cols)
    {
        Action act = () => _ = new VectorSet(new float[length], rows, cols);
        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void SelectCopiesTheChosenRowsInOrder()
    {
        var set = new VectorSet([1, 2, 3, 4, 5, 6], 3, 2);

        VectorSet subset = set.Select([2, 0]);

        subset.Rows.Should().Be(2);
        subset.Data.Should().Equal(5f, 6f, 1f, 2f);
        subset.Data[0] = 99;
        set.Data[4].Should().Be(5);
    }

    [Fact]
    public void FromRowsRejectsRaggedRows()
    {
        Action act = () => VectorSet.FromRows([new float[2], new float[3]]);
        act.Should().Throw<ArgumentException>();
    }
}
