using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Endpoint.Core.Net;

namespace Endpoint.Tests.Support;

/// <summary>
/// An <see cref="IHttpRangeFetcher"/> playing an HTTP server in-process: by default a correct range server over
/// <see cref="File"/>; <see cref="Answer"/> replaces the answer per request (a server ignoring ranges, short bodies, …).
/// Answers come at once (on the caller's thread, which the seam allows) unless <see cref="Hold"/> keeps them back.
/// </summary>
public sealed class FakeRangeFetcher : IHttpRangeFetcher
{
    private readonly Queue<Action> _held = new();

    /// <summary>The file served (the .epk).</summary>
    public byte[] File { get; set; }

    /// <summary>Replaces the answer: (request index from 0, first, last) → response; null: serve <see cref="File"/> correctly.</summary>
    public Func<int, int, int, HttpRangeResponse> Answer { get; set; }

    /// <summary>True: answers wait in a queue until <see cref="Release"/> (or forever).</summary>
    public bool Hold { get; set; }

    /// <summary>Every request: URL, first and last byte, and the timeout given.</summary>
    public List<(string Url, int First, int Last, int TimeoutMs)> Requests { get; } = new();

    /// <summary>Bytes asked for over all requests.</summary>
    public long BytesAsked => Requests.Sum(r => (long)(r.Last - r.First + 1));

    public void Fetch(string url, int first, int last, int timeoutMs, HttpRangeFetchedHandler done)
    {
        int index = Requests.Count;
        Requests.Add((url, first, last, timeoutMs));
        var response = Answer != null ? Answer(index, first, last) : Serve(File, first, last);
        if (Hold)
        {
            _held.Enqueue(() => done(response));
        }
        else
        {
            done(response);
        }
    }

    /// <summary>Delivers every held answer.</summary>
    public void Release()
    {
        while (_held.Count > 0)
        {
            _held.Dequeue()();
        }
    }

    /// <summary>What a correct server answers: 206 with the bytes and their Content-Range, or 416.</summary>
    public static HttpRangeResponse Serve(byte[] file, int first, int last)
    {
        if (first >= file.Length)
        {
            return new HttpRangeResponse(416, $"bytes */{file.Length}", null);
        }

        last = Math.Min(last, file.Length - 1);
        return new HttpRangeResponse(206, $"bytes {first}-{last}/{file.Length}", file.AsSpan(first, last - first + 1).ToArray());
    }

    /// <summary>A response with a text body (error pages).</summary>
    public static HttpRangeResponse Status(int status, string contentRange = null, string body = "") =>
        new(status, contentRange, Encoding.ASCII.GetBytes(body));
}
