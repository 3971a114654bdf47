namespace Endpoint.Core.Storage
{
    /// <summary>
    /// Flat file storage (<c>I:\</c> internal flash on the device, a folder on the host).
    /// Writes are NOT atomic: a power cut during <see cref="Write"/> or <see cref="Append"/> may
    /// leave any prefix of the data. Atomicity is built on top (<see cref="AtomicRecordFile"/>).
    /// </summary>
    public interface IFileStore
    {
        /// <summary>True when the file exists.</summary>
        bool Exists(string name);

        /// <summary>Length in bytes, or -1 when the file does not exist.</summary>
        long Length(string name);

        /// <summary>The whole file, or null when it does not exist.</summary>
        byte[] ReadAll(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the number read.</summary>
        int ReadAt(string name, long position, byte[] buffer, int offset, int count);

        /// <summary>Creates or truncates the file and writes the bytes.</summary>
        void Write(string name, byte[] data, int offset, int count);

        /// <summary>Appends to the file, creating it when missing.</summary>
        void Append(string name, byte[] data, int offset, int count);

        /// <summary>Deletes the file; a missing file is not an error.</summary>
        void Delete(string name);

        /// <summary>Names of the files whose name starts with <paramref name="prefix"/>.</summary>
        string[] List(string prefix);
    }
}
