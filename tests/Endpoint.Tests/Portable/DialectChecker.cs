using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Endpoint.Tests.Portable
{
    /// <summary>One use of a construct outside the nanoFramework dialect.</summary>
    public sealed class DialectViolation
    {
        public DialectViolation(string file, int line, int column, string construct, string text)
        {
            File = file;
            Line = line;
            Column = column;
            Construct = construct;
            Text = text;
        }

        public string File { get; }
        public int Line { get; }
        public int Column { get; }

        /// <summary>One of the <see cref="DialectChecker"/> construct names.</summary>
        public string Construct { get; }

        /// <summary>The offending source text (first line, shortened).</summary>
        public string Text { get; }

        public override string ToString() => $"{File}:{Line}:{Column}: {Construct}: {Text}";
    }

    /// <summary>
    /// The syntax half of the dialect guard (DESIGN.md §1): the banned-API analyzer sees APIs, this
    /// sees language constructs nanoFramework 1.x cannot run — generics, async, iterators, records,
    /// tuples, nullable value types, and the rest below. Parses with C# 9 (the pinned version), so
    /// newer syntax is a parse error.
    /// </summary>
    public static class DialectChecker
    {
        public const string ParseError = "parse error";
        public const string NewerCSharp = "C# feature newer than 9.0";
        public const string GenericType = "generic type declaration";
        public const string GenericMethod = "generic method declaration";
        public const string GenericName = "generic name";
        public const string Async = "async/await";
        public const string Iterator = "iterator (yield)";
        public const string Record = "record";
        public const string Tuple = "tuple";
        public const string NullableType = "nullable type (T?)";
        public const string MultidimensionalArray = "multidimensional array";
        public const string Volatile = "volatile field";
        public const string DefaultInterfaceMember = "default interface member (interface member with a body)";
        public const string RangeIndex = "range/index (.. or ^)";
        public const string Dynamic = "dynamic";
        public const string Decimal = "decimal";
        public const string Stackalloc = "stackalloc";
        public const string ConditionalCompilation = "#if (only adapters may use conditional compilation)";
        public const string Linq = "LINQ query expression";
        public const string Unsafe = "unsafe code (pointers, fixed, unsafe)";
        public const string InitAccessor = "init accessor";

        /// <summary>C# 9, no preprocessor symbols: the portable sources must not depend on any.</summary>
        public static readonly CSharpParseOptions ParseOptions =
            new CSharpParseOptions(LanguageVersion.CSharp9, DocumentationMode.Parse, SourceCodeKind.Regular);

        // ERR_FeatureNotAvailableInVersion9, ERR_FeatureInPreview.
        static readonly Lazy<MetadataReference> CoreLibrary =
            new Lazy<MetadataReference>(() => MetadataReference.CreateFromFile(typeof(object).Assembly.Location));

        static readonly HashSet<string> NewerLanguageIds = new HashSet<string> { "CS8773", "CS8652" };

        /// <summary>The folders (relative to the repo root) that hold portable sources.</summary>
        public static readonly string[] PortableRoots = { "firmware/Endpoint.Core", "drivers", "firmware/apps" };

        /// <summary>Checks one source text. <paramref name="path"/> only labels the violations.</summary>
        public static List<DialectViolation> CheckSource(string text, string path = "snippet.cs")
        {
            var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path);
            var found = new List<DialectViolation>();
            var root = tree.GetRoot();

            foreach (var d in tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
                found.Add(Violation(path, d.Location.GetLineSpan(), ParseError, d.Id + " " + d.GetMessage()));

            // The parser accepts most newer syntax (file-scoped namespaces, raw strings, record structs,
            // ...) and leaves the language-version check to binding: bind the file on its own and keep
            // only "not available in C# 9.0" (missing references make every other error meaningless).
            var compilation = CSharpCompilation.Create(
                "dialect-check",
                new[] { tree },
                new[] { CoreLibrary.Value },
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            foreach (var d in compilation.GetDiagnostics().Where(d => NewerLanguageIds.Contains(d.Id)))
                found.Add(Violation(path, d.Location.GetLineSpan(), NewerCSharp, d.Id + " " + d.GetMessage()));

            var walker = new Walker(path, found);
            walker.Visit(root);

            foreach (var token in root.DescendantTokens(descendIntoTrivia: false))
            {
                if (token.IsKind(SyntaxKind.AsyncKeyword) || token.IsKind(SyntaxKind.AwaitKeyword))
                    found.Add(Violation(path, token.GetLocation().GetLineSpan(), Async, token.Text));
                else if (token.IsKind(SyntaxKind.NumericLiteralToken) && token.Value is decimal)
                    found.Add(Violation(path, token.GetLocation().GetLineSpan(), Decimal, token.Text));
            }

            foreach (var directive in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (directive.IsKind(SyntaxKind.IfDirectiveTrivia) || directive.IsKind(SyntaxKind.ElifDirectiveTrivia))
                    found.Add(Violation(path, directive.GetLocation().GetLineSpan(), ConditionalCompilation, directive.ToString()));
            }

            // Await expressions are found through their keyword token; keep one report per place.
            return found
                .GroupBy(v => (v.Line, v.Column, v.Construct))
                .Select(g => g.First())
                .OrderBy(v => v.Line).ThenBy(v => v.Column)
                .ToList();
        }

        /// <summary>Checks one file; violations carry <paramref name="displayPath"/> (default: the path).</summary>
        public static List<DialectViolation> CheckFile(string path, string displayPath = null) =>
            CheckSource(File.ReadAllText(path), displayPath ?? path);

        /// <summary>
        /// Every portable source under <paramref name="repoRoot"/>: all <c>*.cs</c> under
        /// <see cref="PortableRoots"/>, except <c>Device/</c> folders (nanoFramework adapters) and
        /// <c>bin/</c>, <c>obj/</c>. Paths are relative to the repo root, with '/'.
        /// </summary>
        public static List<string> PortableFiles(string repoRoot)
        {
            var files = new List<string>();
            foreach (var rel in PortableRoots)
            {
                var dir = Path.Combine(repoRoot, rel);
                if (!Directory.Exists(dir)) continue;
                foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(repoRoot, file).Replace('\\', '/');
                    var folders = relative.Split('/');
                    if (folders.Take(folders.Length - 1).Any(f => f == "Device" || f == "bin" || f == "obj"))
                        continue;
                    files.Add(relative);
                }
            }
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        /// <summary>Walks up from <paramref name="start"/> to the folder that contains <c>firmware/</c>.</summary>
        public static string FindRepoRoot(string start = null)
        {
            var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
            while (dir != null)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "firmware")))
                    return dir.FullName;
                dir = dir.Parent;
            }
            throw new DirectoryNotFoundException("No folder containing firmware/ above " + (start ?? AppContext.BaseDirectory));
        }

        static DialectViolation Violation(string path, FileLinePositionSpan span, string construct, string text)
        {
            var first = (text ?? "").Replace("\r", "").Split('\n')[0].Trim();
            if (first.Length > 100) first = first.Substring(0, 97) + "...";
            return new DialectViolation(path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, construct, first);
        }

        sealed class Walker : CSharpSyntaxWalker
        {
            readonly string _path;
            readonly List<DialectViolation> _found;

            public Walker(string path, List<DialectViolation> found) : base(SyntaxWalkerDepth.Node)
            {
                _path = path;
                _found = found;
            }

            void Report(SyntaxNode node, string construct) =>
                _found.Add(Violation(_path, node.GetLocation().GetLineSpan(), construct, node.ToString()));

            void Report(SyntaxToken token, string construct, string text) =>
                _found.Add(Violation(_path, token.GetLocation().GetLineSpan(), construct, text));

            // ---- generics

            public override void VisitClassDeclaration(ClassDeclarationSyntax node)
            {
                CheckTypeDeclaration(node);
                base.VisitClassDeclaration(node);
            }

            public override void VisitStructDeclaration(StructDeclarationSyntax node)
            {
                CheckTypeDeclaration(node);
                base.VisitStructDeclaration(node);
            }

            public override void VisitInterfaceDeclaration(InterfaceDeclarationSyntax node)
            {
                CheckTypeDeclaration(node);
                foreach (var member in node.Members)
                    CheckInterfaceMember(member);
                base.VisitInterfaceDeclaration(node);
            }

            public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
            {
                Report(node.Keyword, Record, node.Keyword.Text + " " + node.Identifier.Text);
                CheckTypeDeclaration(node);
                base.VisitRecordDeclaration(node);
            }

            public override void VisitDelegateDeclaration(DelegateDeclarationSyntax node)
            {
                if (node.TypeParameterList != null)
                    Report(node.Identifier, GenericType, "delegate " + node.Identifier.Text + node.TypeParameterList);
                base.VisitDelegateDeclaration(node);
            }

            void CheckTypeDeclaration(TypeDeclarationSyntax node)
            {
                if (node.TypeParameterList != null)
                    Report(node.Identifier, GenericType, node.Keyword.Text + " " + node.Identifier.Text + node.TypeParameterList);
            }

            public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
            {
                if (node.TypeParameterList != null)
                    Report(node.Identifier, GenericMethod, node.Identifier.Text + node.TypeParameterList);
                base.VisitMethodDeclaration(node);
            }

            public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
            {
                if (node.TypeParameterList != null)
                    Report(node.Identifier, GenericMethod, node.Identifier.Text + node.TypeParameterList);
                base.VisitLocalFunctionStatement(node);
            }

            public override void VisitGenericName(GenericNameSyntax node)
            {
                Report(node, GenericName);
                base.VisitGenericName(node);
            }

            // ---- iterators, records, tuples

            public override void VisitYieldStatement(YieldStatementSyntax node)
            {
                Report(node, Iterator);
                base.VisitYieldStatement(node);
            }

            public override void VisitWithExpression(WithExpressionSyntax node)
            {
                Report(node, Record);
                base.VisitWithExpression(node);
            }

            public override void VisitTupleType(TupleTypeSyntax node)
            {
                Report(node, Tuple);
                base.VisitTupleType(node);
            }

            public override void VisitTupleExpression(TupleExpressionSyntax node)
            {
                Report(node, Tuple);
                base.VisitTupleExpression(node);
            }

            public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
            {
                Report(node, Tuple);
                base.VisitParenthesizedVariableDesignation(node);
            }

            // ---- types

            public override void VisitNullableType(NullableTypeSyntax node)
            {
                Report(node, NullableType);
                base.VisitNullableType(node);
            }

            public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
            {
                if (node.Rank > 1)
                    Report(node, MultidimensionalArray);
                base.VisitArrayRankSpecifier(node);
            }

            public override void VisitPredefinedType(PredefinedTypeSyntax node)
            {
                if (node.Keyword.IsKind(SyntaxKind.DecimalKeyword))
                    Report(node, Decimal);
                base.VisitPredefinedType(node);
            }

            public override void VisitIdentifierName(IdentifierNameSyntax node)
            {
                // `dynamic` is a contextual keyword: syntactically an identifier in a type position.
                if (node.Identifier.ValueText == "dynamic" && IsTypePosition(node))
                    Report(node, Dynamic);
                base.VisitIdentifierName(node);
            }

            static bool IsTypePosition(IdentifierNameSyntax node) =>
                SyntaxFacts.IsInTypeOnlyContext(node)
                || node.Parent is CastExpressionSyntax cast && cast.Type == node
                || node.Parent is VariableDeclarationSyntax decl && decl.Type == node
                || node.Parent is TypeArgumentListSyntax
                || node.Parent is ArrayTypeSyntax
                || node.Parent is TypeOfExpressionSyntax;

            public override void VisitPointerType(PointerTypeSyntax node)
            {
                Report(node, Unsafe);
                base.VisitPointerType(node);
            }

            public override void VisitFunctionPointerType(FunctionPointerTypeSyntax node)
            {
                Report(node, Unsafe);
                base.VisitFunctionPointerType(node);
            }

            // ---- members

            public override void VisitFieldDeclaration(FieldDeclarationSyntax node)
            {
                foreach (var m in node.Modifiers)
                {
                    if (m.IsKind(SyntaxKind.VolatileKeyword))
                        Report(m, Volatile, node.ToString());
                }
                base.VisitFieldDeclaration(node);
            }

            public override void VisitAccessorDeclaration(AccessorDeclarationSyntax node)
            {
                if (node.IsKind(SyntaxKind.InitAccessorDeclaration))
                    Report(node, InitAccessor);
                base.VisitAccessorDeclaration(node);
            }

            void CheckInterfaceMember(MemberDeclarationSyntax member)
            {
                bool hasBody = member switch
                {
                    BaseMethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
                    PropertyDeclarationSyntax p => p.ExpressionBody != null || AccessorsHaveBodies(p.AccessorList),
                    IndexerDeclarationSyntax i => i.ExpressionBody != null || AccessorsHaveBodies(i.AccessorList),
                    EventDeclarationSyntax e => AccessorsHaveBodies(e.AccessorList),
                    FieldDeclarationSyntax => true, // only static fields are legal in interfaces
                    _ => false,
                };
                if (hasBody)
                    Report(member, DefaultInterfaceMember);
            }

            static bool AccessorsHaveBodies(AccessorListSyntax list) =>
                list != null && list.Accessors.Any(a => a.Body != null || a.ExpressionBody != null);

            // ---- expressions and statements

            public override void VisitRangeExpression(RangeExpressionSyntax node)
            {
                Report(node, RangeIndex);
                base.VisitRangeExpression(node);
            }

            public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
            {
                if (node.IsKind(SyntaxKind.IndexExpression))
                    Report(node, RangeIndex);
                base.VisitPrefixUnaryExpression(node);
            }

            public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
            {
                Report(node, Stackalloc);
                base.VisitStackAllocArrayCreationExpression(node);
            }

            public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
            {
                Report(node, Stackalloc);
                base.VisitImplicitStackAllocArrayCreationExpression(node);
            }

            public override void VisitQueryExpression(QueryExpressionSyntax node)
            {
                Report(node, Linq);
                base.VisitQueryExpression(node);
            }

            public override void VisitUnsafeStatement(UnsafeStatementSyntax node)
            {
                Report(node.UnsafeKeyword, Unsafe, "unsafe { ... }");
                base.VisitUnsafeStatement(node);
            }

            public override void VisitFixedStatement(FixedStatementSyntax node)
            {
                Report(node.FixedKeyword, Unsafe, "fixed (...)");
                base.VisitFixedStatement(node);
            }

            public override void DefaultVisit(SyntaxNode node)
            {
                // `unsafe` as a modifier on any member or type.
                if (node is MemberDeclarationSyntax member)
                {
                    foreach (var m in member.Modifiers)
                    {
                        if (m.IsKind(SyntaxKind.UnsafeKeyword))
                            Report(m, Unsafe, "unsafe modifier");
                    }
                }
                base.DefaultVisit(node);
            }
        }
    }
}
