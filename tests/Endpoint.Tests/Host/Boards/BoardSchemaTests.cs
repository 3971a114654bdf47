using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Endpoint.Host.Boards;
using Endpoint.Tests.Support;

namespace Endpoint.Tests.Host.Boards;

/// <summary>boards/board.schema.json and BoardFile's hand-written checks must give the same verdicts.</summary>
public class BoardSchemaTests
{
    private static readonly JsonDocument Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Boards, "board.schema.json")));
    private static readonly SchemaEvaluator Evaluator = new(Schema.RootElement);

    private static JsonElement Property(params string[] path) => path.Aggregate(Schema.RootElement, (e, p) => e.GetProperty(p));

    [Fact]
    public void ShippedBoards_AreValidUnderTheSchemaAndNameIt()
    {
        foreach (string path in Directory.GetFiles(Repo.Boards, "board.json", SearchOption.AllDirectories))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));

            Assert.Empty(Evaluator.Validate(doc.RootElement));
            Assert.Equal("../board.schema.json", doc.RootElement.GetProperty("$schema").GetString());
        }
    }

    [Fact]
    public void BrokenFiles_SchemaAndParserAgree()
    {
        int invalid = 0, valid = 0;
        foreach (string path in Directory.GetFiles(Repo.BrokenBoards, "*.json"))
        {
            string text = File.ReadAllText(path);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                continue; // not JSON: nothing for a schema to say (the parser's line is tested elsewhere)
            }

            using (doc)
            {
                if (HasDuplicateKeys(doc.RootElement))
                {
                    continue; // JSON Schema sees one of the duplicates; the parser refuses both (tested elsewhere)
                }

                bool schemaValid = Evaluator.Validate(doc.RootElement).Count == 0;
                bool parses = true;
                try
                {
                    BoardFile.Parse(text, path);
                }
                catch (FormatException)
                {
                    parses = false;
                }

                Assert.True(schemaValid == parses, $"{Path.GetFileName(path)}: schema says {(schemaValid ? "valid" : "invalid")}, the parser {(parses ? "accepts" : "refuses")} it");
                _ = schemaValid ? valid++ : invalid++;
            }
        }

        Assert.Equal(10, invalid); // the schema rules
        Assert.Equal(23, valid); // the SoC, bus, part and target rules the schema cannot express
    }

    [Fact]
    public void Schema_VocabulariesEqualTheCode()
    {
        Assert.Equal(BoardRoles.SchemaPattern, Property("properties", "pins", "propertyNames", "pattern").GetString());
        Assert.Equal(BoardFile.Fields.Order(), Property("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(BoardFile.CapabilityNames, Property("properties", "capabilities", "items", "enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(SocCatalog.Names, Property("properties", "soc", "enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(SocCatalog.EmbeddedFlashPackages, Property("properties", "package", "enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(BoardFile.AppNames, Property("properties", "default_app", "enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(PartCatalog.All.Select(p => p.Compatible), Property("$defs", "part", "properties", "compatible", "enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Schema_PartRulesEqualThePartCatalog()
    {
        var rules = Property("$defs", "part", "allOf").EnumerateArray().ToList();
        foreach (var type in PartCatalog.All)
        {
            var then = rules.Single(r => r.GetProperty("if").GetProperty("properties").GetProperty("compatible").GetProperty("const").GetString() == type.Compatible).GetProperty("then");
            var required = then.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()).Order().ToList() : [];
            var expectedRequired = type.Properties.Where(p => p.Required).Select(p => p.Name).Concat(type.Bus != null ? ["bus", "address"] : []).Order().ToList();
            var properties = then.GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n != "compatible").Order().ToList();
            var expectedProperties = type.Properties.Select(p => p.Name).Concat(type.Bus != null ? ["bus", "address"] : []).Order().ToList();

            Assert.Equal(expectedRequired, required);
            Assert.Equal(expectedProperties, properties);
            Assert.False(then.GetProperty("additionalProperties").GetBoolean());
        }
    }

    [Theory]
    [InlineData("relay1", true)]
    [InlineData("relay12", true)]
    [InlineData("led_strip2", true)]
    [InlineData("i2c0.sda", true)]
    [InlineData("uart_improv.tx", true)]
    [InlineData("bl0937.cf1", true)]
    [InlineData("battery_adc", true)]
    [InlineData("light_ww", true)]
    [InlineData("relay", false)]
    [InlineData("relay_1", false)]
    [InlineData("i2c0.sdax", false)]
    [InlineData("I2C0.sda", false)]
    [InlineData("uart_improv.cts", false)]
    [InlineData("adc", false)]
    public void RoleNames_SchemaAndCodeAgree(string role, bool known)
    {
        using var name = JsonDocument.Parse(JsonSerializer.Serialize(role));
        var names = Property("properties", "pins", "propertyNames");

        Assert.Equal(known, BoardRoles.Find(role) != null);
        Assert.Equal(known, new SchemaEvaluator(names).Validate(name.RootElement).Count == 0);
    }

    private static bool HasDuplicateKeys(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || e.EnumerateObject().Any(p => HasDuplicateKeys(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Any(HasDuplicateKeys),
        _ => false,
    };
}
