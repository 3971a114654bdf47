using System.IO;
using System.Linq;

namespace Endpoint.Tests.Portable
{
    /// <summary>
    /// Holds every portable source (firmware core, drivers, apps' logic; not Device/ adapters) to the
    /// nanoFramework dialect (DESIGN.md §1), and tests the checker on each forbidden construct.
    /// </summary>
    public class PortableDialectTests
    {
        [Fact]
        public void Portable_sources_stay_inside_the_nanoFramework_dialect()
        {
            var root = DialectChecker.FindRepoRoot();
            var files = DialectChecker.PortableFiles(root);
            Assert.True(files.Count > 0, "no portable sources found under " + root + " (is the walk-up to firmware/ broken?)");
            Assert.Contains(files, f => f.StartsWith("firmware/Endpoint.Core/"));

            var violations = files
                .SelectMany(f => DialectChecker.CheckFile(Path.Combine(root, f), f))
                .ToList();

            Assert.True(violations.Count == 0,
                $"{violations.Count} construct(s) outside the nanoFramework dialect (DESIGN.md §1) in {files.Count} portable files:\n"
                + string.Join("\n", violations));
        }

        [Fact]
        public void Device_adapters_and_build_output_are_not_portable_sources()
        {
            var root = Path.Combine(Path.GetTempPath(), "endpoint-dialect-" + System.Guid.NewGuid().ToString("N"));
            try
            {
                foreach (var rel in new[]
                {
                    "firmware/Endpoint.Core/Runtime/Loop.cs",
                    "firmware/Endpoint.Core/obj/Debug/Generated.cs",
                    "firmware/apps/Light/LightApp.cs",
                    "firmware/apps/Light/Device/Program.cs",
                    "firmware/apps/Light/bin/Debug/x.cs",
                    "drivers/Sht4x/Sht4x.cs",
                    "drivers/Sht4x/Device/Sht4xNative.cs",
                    "firmware/Endpoint.Device/Gpio.cs",
                    "tools/Endpoint.Host/Mqtt.cs",
                })
                {
                    var path = Path.Combine(root, rel);
                    Directory.CreateDirectory(Path.GetDirectoryName(path));
                    File.WriteAllText(path, "class X { }");
                }

                Assert.Equal(
                    new[] { "drivers/Sht4x/Sht4x.cs", "firmware/Endpoint.Core/Runtime/Loop.cs", "firmware/apps/Light/LightApp.cs" },
                    DialectChecker.PortableFiles(root));
                Assert.Equal(root, DialectChecker.FindRepoRoot(Path.Combine(root, "drivers", "Sht4x")));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        public static TheoryData<string, string> ForbiddenSnippets => new TheoryData<string, string>
        {
            { "class Box<T> { }", DialectChecker.GenericType },
            { "struct Pair<TA, TB> { }", DialectChecker.GenericType },
            { "interface ISource<T> { }", DialectChecker.GenericType },
            { "delegate void Handler<T>(T value);", DialectChecker.GenericType },
            { "class C { void M<T>() { } }", DialectChecker.GenericMethod },
            { "class C { void M() { void Local<T>() { } } }", DialectChecker.GenericMethod },
            { "class C { System.Collections.Generic.List<int> items; }", DialectChecker.GenericName },
            { "class C { void M() { var x = Foo<int>(); } int Foo() => 0; }", DialectChecker.GenericName },
            { "class C { event System.EventHandler<System.EventArgs> Changed; }", DialectChecker.GenericName },
            { "class C { object t = typeof(System.Action<>); }", DialectChecker.GenericName },
            { "class C { async void M() { } }", DialectChecker.Async },
            { "class C { void M() { System.Action a = async () => { }; } }", DialectChecker.Async },
            { "class C { async void M(object t) { await t; } }", DialectChecker.Async },
            { "class C { System.Collections.IEnumerable M() { yield return 1; } }", DialectChecker.Iterator },
            { "class C { System.Collections.IEnumerable M() { yield break; } }", DialectChecker.Iterator },
            { "record Point(int X, int Y);", DialectChecker.Record },
            { "record class Named { }", DialectChecker.Record },
            { "class C { (int, string) M() { return default; } }", DialectChecker.Tuple },
            { "class C { object M() { return (1, \"a\"); } }", DialectChecker.Tuple },
            { "class C { void M(object o) { var (a, b) = o; } }", DialectChecker.Tuple },
            { "class C { int? value; }", DialectChecker.NullableType },
            { "class C { void M(bool? flag) { } }", DialectChecker.NullableType },
            { "class C { int[,] grid; }", DialectChecker.MultidimensionalArray },
            { "class C { object g = new int[2, 3]; }", DialectChecker.MultidimensionalArray },
            { "class C { volatile bool _stop; }", DialectChecker.Volatile },
            { "interface I { void M() { } }", DialectChecker.DefaultInterfaceMember },
            { "interface I { int P => 1; }", DialectChecker.DefaultInterfaceMember },
            { "interface I { int P { get { return 1; } } }", DialectChecker.DefaultInterfaceMember },
            { "interface I { static int F; }", DialectChecker.DefaultInterfaceMember },
            { "class C { int M(int[] a) { return a[^1]; } }", DialectChecker.RangeIndex },
            { "class C { object M(int[] a) { return a[1..2]; } }", DialectChecker.RangeIndex },
            { "class C { dynamic d; }", DialectChecker.Dynamic },
            { "class C { void M(object o) { dynamic d = o; } }", DialectChecker.Dynamic },
            { "class C { object M(object o) { return (dynamic)o; } }", DialectChecker.Dynamic },
            { "class C { decimal price; }", DialectChecker.Decimal },
            { "class C { object price = 1.5m; }", DialectChecker.Decimal },
            { "class C { unsafe void M() { int* p = stackalloc int[4]; } }", DialectChecker.Stackalloc },
            { "class C { void M() { System.Span<byte> s = stackalloc byte[4]; } }", DialectChecker.Stackalloc },
            { "class C {\n#if NANOFRAMEWORK_1_0\n int a;\n#endif\n}", DialectChecker.ConditionalCompilation },
            { "class C {\n#if DEBUG\n#elif TRACE\n int a;\n#endif\n}", DialectChecker.ConditionalCompilation },
            { "class C { object M(int[] a) { return from x in a select x; } }", DialectChecker.Linq },
            { "class C { unsafe void M() { } }", DialectChecker.Unsafe },
            { "class C { void M(byte[] b) { unsafe { fixed (byte* p = b) { } } } }", DialectChecker.Unsafe },
            { "class C { int P { get; init; } }", DialectChecker.InitAccessor },
            { "namespace N;\nclass C { }", DialectChecker.NewerCSharp },                // file-scoped namespace: C# 10
            { "record struct P(int X);", DialectChecker.NewerCSharp },                  // C# 10
            { "class C { string s = \"\"\"raw\"\"\"; }", DialectChecker.NewerCSharp },  // raw string: C# 11
            { "class C { void M(object o) { if (o is { Length.Count: 1 }) { } } }", DialectChecker.NewerCSharp }, // extended property pattern: C# 10
            { "class C { void M() { int x = ; } }", DialectChecker.ParseError },
        };

        [Theory]
        [MemberData(nameof(ForbiddenSnippets))]
        public void Checker_reports_each_forbidden_construct(string snippet, string construct)
        {
            var found = DialectChecker.CheckSource(snippet, "snippet.cs");
            Assert.True(found.Any(v => v.Construct == construct),
                $"expected `{construct}` in:\n{snippet}\nfound:\n" + string.Join("\n", found));
            var v0 = found.First(v => v.Construct == construct);
            Assert.Equal("snippet.cs", v0.File);
            Assert.True(v0.Line >= 1);
            Assert.StartsWith("snippet.cs:" + v0.Line + ":", v0.ToString());
        }

        [Fact]
        public void Checker_reports_the_line_of_each_construct()
        {
            var found = DialectChecker.CheckSource("class C\n{\n    int? a;\n    decimal b;\n}\n", "f.cs");
            Assert.Equal(new[] { "f.cs:3:5: " + DialectChecker.NullableType + ": int?", "f.cs:4:5: " + DialectChecker.Decimal + ": decimal" },
                found.Select(v => v.ToString()).ToArray());
        }

        /// <summary>What DESIGN.md §1 allows must pass, or the checker would push people off the dialect.</summary>
        [Fact]
        public void Checker_accepts_the_allowed_dialect()
        {
            const string allowed = @"
using System;
using System.Collections;
using System.Text;
using System.Threading;

namespace Endpoint.Core.Sample
{
    public delegate void ReadingHandler(object sender, int value);

    public enum Mode : byte { Off = 0, On = 1 }

    public interface ISensor
    {
        int Value { get; }
        bool TryRead(out int value);
        event ReadingHandler Reading;
        int this[int index] { get; }
    }

    public struct Reading
    {
        public int Value;
        public Reading(int value) { Value = value; }
    }

    /// <summary>Doc comments with a <see cref=""ISensor""/> and words like async, yield, record, decimal.</summary>
    public sealed class Sample : ISensor
    {
        readonly object _lock = new object();
        readonly ArrayList _items = new ArrayList();
        readonly Hashtable _byName = new Hashtable();
        readonly int[][] _jagged = new int[2][];
        readonly byte[] _buffer = new byte[16];
        int _value;
        static int s_count;

        public event ReadingHandler Reading;

        public int Value { get { lock (_lock) return _value; } }

        public int this[int index] => _buffer[index];

        public string Name { get; private set; } = ""sample"";

        public bool TryRead(out int value)
        {
            value = _value;
            return true;
        }

        public string Describe(object o, Mode mode)
        {
            var kind = o switch
            {
                int i when i > 0 => ""positive"",
                string s => ""text "" + s.Length,
                null => ""nothing"",
                _ => ""other"",
            };
            if (o is Reading r && r.Value is > 3 and < 10) kind += ""!"";
            var sb = new StringBuilder();
            sb.Append($""{kind} {mode} {_jagged.Length} {DateTime.UtcNow.Ticks}"");
            ReadingHandler h = (sender, v) => _value = v;
            Func f = () => Interlocked.Increment(ref s_count);
            h(this, f());
            Reading?.Invoke(this, _value);
            var async = 1; var await = 2; var dynamic = 3; var record = 4;
            return sb.ToString() + async + await + dynamic + record;
        }

        delegate int Func();

        public static int Clamp(int v) { return v < 0 ? 0 : v; }

        ~Sample() { }
    }
}
";
            var found = DialectChecker.CheckSource(allowed, "allowed.cs");
            Assert.True(found.Count == 0, "false positives:\n" + string.Join("\n", found));
        }
    }
}
