using System;
using System.Collections;
using System.IO;
using Endpoint.Core.Storage;

namespace Endpoint.Device
{
    /// <summary>
    /// <see cref="IFileStore"/> on the ESP32's internal flash drive <c>I:\</c> (System.IO.FileSystem), under one
    /// root folder such as <c>I:\endpoint</c>.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Files are opened with <c>new FileStream(path, FileMode, FileAccess)</c> and closed before each call
    /// returns. Write uses <c>FileMode.Create</c> (creates or truncates), Append <c>FileMode.Append</c> (which
    /// nanoFramework only accepts with <c>FileAccess.Write</c>), ReadAt <c>Seek(position, SeekOrigin.Begin)</c>.
    /// nanoFramework's FileStream rejects seeking past the end, so reads at or past the end return 0 without seeking.</item>
    /// <item><c>FileStream.Flush()</c> is called before a write returns. nanoFramework documents it as a no-op
    /// (the native layer syncs after every write); the call keeps the intent explicit. Writes are not
    /// atomic (IFileStore contract).</item>
    /// <item>Names are flat (no path separators). Some ESP32 firmware builds put a flat file system (SPIFFS) on
    /// <c>I:\</c>, where folders do not exist but names may contain '\'; creating the root folder is then
    /// skipped and <see cref="List"/> falls back to filtering the drive's file list by the root prefix.</item>
    /// </list>
    /// </remarks>
    public sealed class FlashFileStore : IFileStore
    {
        private readonly string _root;
        private readonly object _sync = new object();

        /// <summary>Opens the store at <paramref name="root"/> (e.g. <c>I:\endpoint</c>), creating the folder if needed.</summary>
        public FlashFileStore(string root)
        {
            if (root == null || root.Length == 0)
            {
                throw new ArgumentNullException("root");
            }

            _root = root.EndsWith("\\") ? root.Substring(0, root.Length - 1) : root;
            try
            {
                if (!Directory.Exists(_root))
                {
                    Directory.CreateDirectory(_root);
                }
            }
            catch (Exception)
            {
                // Flat file system without folders: file names carry the root as a prefix instead.
            }
        }

        /// <summary>The root folder.</summary>
        public string Root
        {
            get { return _root; }
        }

        /// <inheritdoc />
        public bool Exists(string name)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                return File.Exists(path);
            }
        }

        /// <inheritdoc />
        public long Length(string name)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                if (!File.Exists(path))
                {
                    return -1;
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    return stream.Length;
                }
            }
        }

        /// <inheritdoc />
        public byte[] ReadAll(string name)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    int length = (int)stream.Length;
                    byte[] data = new byte[length];
                    int total = ReadFully(stream, data, 0, length);
                    if (total == length)
                    {
                        return data;
                    }

                    byte[] shorter = new byte[total];
                    Array.Copy(data, shorter, total);
                    return shorter;
                }
            }
        }

        /// <inheritdoc />
        public int ReadAt(string name, long position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                if (count <= 0 || position < 0 || !File.Exists(path))
                {
                    return 0;
                }

                using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    long length = stream.Length;
                    if (position >= length)
                    {
                        return 0;
                    }

                    if (count > length - position)
                    {
                        count = (int)(length - position);
                    }

                    stream.Seek(position, SeekOrigin.Begin);
                    return ReadFully(stream, buffer, offset, count);
                }
            }
        }

        /// <inheritdoc />
        public void Write(string name, byte[] data, int offset, int count)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                using (FileStream stream = new FileStream(path, FileMode.Create, FileAccess.Write))
                {
                    if (count > 0)
                    {
                        stream.Write(data, offset, count);
                    }

                    stream.Flush();
                }
            }
        }

        /// <inheritdoc />
        public void Append(string name, byte[] data, int offset, int count)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                FileMode mode = File.Exists(path) ? FileMode.Append : FileMode.Create;
                using (FileStream stream = new FileStream(path, mode, FileAccess.Write))
                {
                    if (count > 0)
                    {
                        stream.Write(data, offset, count);
                    }

                    stream.Flush();
                }
            }
        }

        /// <inheritdoc />
        public void Delete(string name)
        {
            string path = PathOf(name);
            lock (_sync)
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
        }

        /// <inheritdoc />
        public string[] List(string prefix)
        {
            string[] paths;
            lock (_sync)
            {
                try
                {
                    paths = Directory.GetFiles(_root);
                }
                catch (Exception)
                {
                    paths = ListFlat();
                }
            }

            ArrayList names = new ArrayList();
            for (int i = 0; i < paths.Length; i++)
            {
                string name = Path.GetFileName(paths[i]);
                if (prefix == null || name.StartsWith(prefix))
                {
                    names.Add(name);
                }
            }

            return (string[])names.ToArray(typeof(string));
        }

        // Stream.Read may return fewer bytes than asked: read until count or the end of the file.
        private static int ReadFully(FileStream stream, byte[] buffer, int offset, int count)
        {
            int total = 0;
            while (total < count)
            {
                int read = stream.Read(buffer, offset + total, count - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        // Flat file system: the drive's files whose full name starts with "<root>\".
        private string[] ListFlat()
        {
            string[] all;
            try
            {
                all = Directory.GetFiles(Path.GetPathRoot(_root));
            }
            catch (Exception)
            {
                return new string[0];
            }

            string start = _root + "\\";
            ArrayList mine = new ArrayList();
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i].StartsWith(start))
                {
                    mine.Add(all[i]);
                }
            }

            return (string[])mine.ToArray(typeof(string));
        }

        private string PathOf(string name)
        {
            if (name == null || name.Length == 0 || name.IndexOf('\\') >= 0 || name.IndexOf('/') >= 0)
            {
                throw new ArgumentException("file name must be non-empty and flat: \"" + name + "\"");
            }

            return _root + "\\" + name;
        }
    }
}
