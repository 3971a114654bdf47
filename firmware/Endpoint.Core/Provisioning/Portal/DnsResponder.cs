using System;

namespace Endpoint.Core.Provisioning.Portal
{
    /// <summary>
    /// The captive DNS: answers every A query with the access point's own address, so whatever name a phone looks
    /// up (its OS's connectivity check first of all) leads to the portal. A pure function from one query datagram to
    /// one response datagram (RFC 1035 §4.1), safe to call from the server's thread: it keeps no state.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>A standard query (QR 0, opcode 0) with one question for class IN (or ANY) and type A (or ANY): one
    /// answer, a pointer to the question's name (§4.1.4), TTL <see cref="TtlSeconds"/>, the address; AA set, RD
    /// copied, RA clear.</item>
    /// <item>Another type (AAAA, HTTPS…): no error, no answer — the client falls back to A.</item>
    /// <item>Another opcode: NOTIMP (4). A question that cannot be read, or not exactly one: FORMERR (1) with the
    /// header only (§4.1.1).</item>
    /// <item>Responses (QR 1), and datagrams shorter than the 12-byte header: no answer at all.</item>
    /// </list>
    /// Records after the question (an EDNS OPT, RFC 6891) are ignored and not echoed.
    /// </remarks>
    public sealed class DnsResponder
    {
        /// <summary>Seconds a client may cache an answer: short, since the names lead elsewhere once the device is on its network.</summary>
        public const int TtlSeconds = 10;

        /// <summary>Largest UDP response without EDNS (RFC 1035 §2.3.4).</summary>
        public const int MaxResponseBytes = 512;

        private const int HeaderBytes = 12;
        private const int TypeA = 1;
        private const int TypeAny = 255;
        private const int ClassIn = 1;
        private const int ClassAny = 255;
        private const int FormatError = 1;
        private const int NotImplemented = 4;

        private readonly byte[] _address = new byte[4];

        /// <summary>Creates a responder answering with <paramref name="ipv4"/> ("192.168.4.1").</summary>
        /// <exception cref="ArgumentException">Not a dotted IPv4 address.</exception>
        public DnsResponder(string ipv4)
        {
            string[] parts = ipv4 == null ? new string[0] : ipv4.Split('.');
            if (parts.Length != 4)
            {
                throw new ArgumentException("'" + ipv4 + "' is not an IPv4 address");
            }

            for (int i = 0; i < 4; i++)
            {
                int v = 0;
                string p = parts[i];
                if (p.Length == 0 || p.Length > 3)
                {
                    throw new ArgumentException("'" + ipv4 + "' is not an IPv4 address");
                }

                for (int k = 0; k < p.Length; k++)
                {
                    if (p[k] < '0' || p[k] > '9')
                    {
                        throw new ArgumentException("'" + ipv4 + "' is not an IPv4 address");
                    }

                    v = (v * 10) + (p[k] - '0');
                }

                if (v > 255)
                {
                    throw new ArgumentException("'" + ipv4 + "' is not an IPv4 address");
                }

                _address[i] = (byte)v;
            }
        }

        /// <summary>
        /// Writes the response to the <paramref name="length"/>-byte query into <paramref name="response"/> (at
        /// least <see cref="MaxResponseBytes"/> long) and returns its length; 0 means send nothing.
        /// </summary>
        public int Answer(byte[] query, int length, byte[] response)
        {
            if (length < HeaderBytes || length > query.Length || (query[2] & 0x80) != 0)
            {
                return 0; // not a query, or not even a header
            }

            int opcode = (query[2] >> 3) & 0x0F;
            int questions = (query[4] << 8) | query[5];
            if (opcode != 0)
            {
                return HeaderOnly(query, response, NotImplemented);
            }

            if (questions != 1)
            {
                return HeaderOnly(query, response, FormatError);
            }

            // QNAME: labels of 1–63 bytes ending with the root label, 255 bytes at most (§2.3.4); a query's
            // question has no compression pointer to follow.
            int at = HeaderBytes;
            int nameBytes = 0;
            while (true)
            {
                if (at >= length)
                {
                    return HeaderOnly(query, response, FormatError);
                }

                int label = query[at];
                if (label == 0)
                {
                    at++;
                    nameBytes++;
                    break;
                }

                if (label > 63 || at + 1 + label > length)
                {
                    return HeaderOnly(query, response, FormatError);
                }

                at += 1 + label;
                nameBytes += 1 + label;
                if (nameBytes > 255)
                {
                    return HeaderOnly(query, response, FormatError);
                }
            }

            if (at + 4 > length)
            {
                return HeaderOnly(query, response, FormatError);
            }

            int type = (query[at] << 8) | query[at + 1];
            int klass = (query[at + 2] << 8) | query[at + 3];
            int questionEnd = at + 4;
            bool answer = (type == TypeA || type == TypeAny) && (klass == ClassIn || klass == ClassAny);

            Array.Copy(query, 0, response, 0, questionEnd);
            response[2] = (byte)(0x84 | (query[2] & 0x01)); // QR, opcode 0, AA, RD as asked
            response[3] = 0;                                  // RA 0, Z 0, RCODE 0
            response[6] = 0;
            response[7] = (byte)(answer ? 1 : 0);
            response[8] = 0;
            response[9] = 0;
            response[10] = 0;
            response[11] = 0;
            if (!answer)
            {
                return questionEnd;
            }

            int o = questionEnd;
            response[o++] = 0xC0;                 // NAME: pointer to offset 12, the question's name
            response[o++] = HeaderBytes;
            response[o++] = 0;
            response[o++] = TypeA;
            response[o++] = 0;
            response[o++] = ClassIn;
            response[o++] = 0;
            response[o++] = 0;
            response[o++] = 0;
            response[o++] = TtlSeconds;
            response[o++] = 0;
            response[o++] = 4;                    // RDLENGTH
            for (int i = 0; i < 4; i++)
            {
                response[o++] = _address[i];
            }

            return o;
        }

        private static int HeaderOnly(byte[] query, byte[] response, int rcode)
        {
            response[0] = query[0];
            response[1] = query[1];
            response[2] = (byte)(0x80 | (query[2] & 0x79)); // QR, the opcode and RD as asked, AA/TC clear
            response[3] = (byte)rcode;
            for (int i = 4; i < HeaderBytes; i++)
            {
                response[i] = 0;
            }

            return HeaderBytes;
        }
    }
}
