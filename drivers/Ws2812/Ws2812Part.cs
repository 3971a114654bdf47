using Endpoint.Core.Boards;
using Endpoint.Core.Hardware;

namespace Endpoint.Drivers.Ws2812
{
    /// <summary>
    /// A WS2812 chain as a board declares it: a <c>worldsemi,ws2812</c> part whose properties name the pin
    /// role it hangs on (<c>pin</c>, default <c>led_strip</c>), its length (<c>count</c>, default 1) and its
    /// colour order (<c>order</c>, default GRB).
    /// </summary>
    public static class Ws2812Part
    {
        /// <summary>The part's compatible id.</summary>
        public const string Compatible = "worldsemi,ws2812";

        /// <summary>The pin role of <paramref name="part"/>.</summary>
        public static string PinRole(BoardPart part)
        {
            return part.GetProperty("pin", "led_strip");
        }

        /// <summary>The WS2812 parts of <paramref name="board"/> whose pin the board has, in declaration order.</summary>
        public static BoardPart[] Find(BoardInfo board)
        {
            BoardPart[] parts = board.Parts;
            int count = 0;
            BoardPart[] found = new BoardPart[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (parts[i].Compatible == Compatible && board.HasPin(PinRole(parts[i])))
                {
                    found[count++] = parts[i];
                }
            }

            BoardPart[] result = new BoardPart[count];
            System.Array.Copy(found, result, count);
            return result;
        }

        /// <summary>Opens the chain of <paramref name="part"/> on <paramref name="hardware"/>.</summary>
        public static Ws2812 Open(IHardware hardware, BoardInfo board, BoardPart part)
        {
            int pixels = part.GetIntProperty("count", 1);
            PixelOrder order = PixelOrder.Parse(part.GetProperty("order", "GRB"));
            return new Ws2812(hardware.OpenPixelOutput(board.Pin(PinRole(part)), pixels * order.BytesPerPixel), pixels, order);
        }
    }
}
