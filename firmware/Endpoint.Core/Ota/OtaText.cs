namespace Endpoint.Core.Ota
{
    /// <summary>The syntax rules of manifest fields (Ota/README.md, "Manifest"), ordinal and allocation-free.</summary>
    public static class OtaText
    {
        /// <summary>1..<paramref name="max"/> characters of a-z, 0-9, '-' or '_' (app, board and SoC ids).</summary>
        public static bool IsLowerId(string s, int max)
        {
            if (s == null || s.Length == 0 || s.Length > max)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// MAJOR.MINOR.PATCH (SemVer 2.0 §2: no leading zeros, each at most 9 digits) with an optional
        /// <c>-prerelease</c> of A-Z, a-z, 0-9, '.' and '-'; at most 64 characters.
        /// </summary>
        public static bool IsSemanticVersion(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 64)
            {
                return false;
            }

            int i = 0;
            for (int part = 0; part < 3; part++)
            {
                int start = i;
                while (i < s.Length && IsDigit(s[i]))
                {
                    i++;
                }

                int digits = i - start;
                if (digits == 0 || digits > 9 || (digits > 1 && s[start] == '0'))
                {
                    return false;
                }

                if (part < 2)
                {
                    if (i >= s.Length || s[i] != '.')
                    {
                        return false;
                    }

                    i++;
                }
            }

            if (i == s.Length)
            {
                return true;
            }

            if (s[i] != '-' || i + 1 == s.Length)
            {
                return false;
            }

            for (i++; i < s.Length; i++)
            {
                char c = s[i];
                if (!(IsLetter(c) || IsDigit(c) || c == '.' || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An assembly version: four numbers 0-65535 separated by dots.</summary>
        public static bool IsAssemblyVersion(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 23)
            {
                return false;
            }

            int parts = 0;
            int value = 0;
            int digits = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || s[i] == '.')
                {
                    if (digits == 0 || value > 65535)
                    {
                        return false;
                    }

                    parts++;
                    value = 0;
                    digits = 0;
                    continue;
                }

                if (!IsDigit(s[i]) || digits == 5)
                {
                    return false;
                }

                value = (value * 10) + (s[i] - '0');
                digits++;
            }

            return parts == 4;
        }

        /// <summary>1-64 characters of A-Z, a-z, 0-9, '.', '-' or '_', not starting or ending with '.'.</summary>
        public static bool IsAssemblyName(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 64 || s[0] == '.' || s[s.Length - 1] == '.')
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!(IsLetter(c) || IsDigit(c) || c == '.' || c == '-' || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A full type name: 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '+' (nested types), not starting or ending with '.' or '+'.</summary>
        public static bool IsTypeName(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 128)
            {
                return false;
            }

            char first = s[0];
            char last = s[s.Length - 1];
            if (first == '.' || first == '+' || last == '.' || last == '+' || IsDigit(first))
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!(IsLetter(c) || IsDigit(c) || c == '_' || c == '.' || c == '+'))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Ordinal prefix test.</summary>
        public static bool StartsWith(string s, string prefix)
        {
            if (s.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (s[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Equality ignoring ASCII case.</summary>
        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (Lower(a[i]) != Lower(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static char Lower(char c)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
        }

        private static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        private static bool IsLetter(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
    }
}
