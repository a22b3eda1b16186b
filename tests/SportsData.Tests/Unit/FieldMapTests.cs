using System.Text.Json;
using SportsData.Json;

namespace SportsData.Tests.Unit;

public class FieldMapTests
{
    [Fact]
    public void Unmapped_fields_print_as_readable_text_for_csv_and_stay_a_dictionary()
    {
        using var document = JsonDocument.Parse("""{"id":"x","rate":1.5,"tags":["a","b"],"nested":{"on":true},"none":null}""");
        var record = new JsonRecord(document.RootElement);
        record.String("id");
        var extra = record.Remaining();
        Assert.IsType<FieldMap>(extra);
        Assert.Equal(1.5, extra["rate"]);
        Assert.Equal("rate=1.5; tags=[a, b]; nested={on=true}; none=", extra.ToString());
    }

    [Fact]
    public void An_empty_map_prints_nothing()
    {
        Assert.Equal(string.Empty, new FieldMap().ToString());
    }
}
