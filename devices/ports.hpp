// The seams between a device and the world around it. Each is a small
// interface so a test can put a GoogleMock in its place and exercise one
// device alone; a Site wires the real ones (links on the kernel).
#pragma once

#include <cstdint>
#include <vector>

namespace lockstep::devices {

// Bytes on the panel <-> lock radio (see zwave.hpp for their layout).
using Frame = std::vector<std::uint8_t>;

// One direction of a channel. send() hands the message over; whether, when
// and in which order it arrives is the channel's business (sim::Link).
template <class Message>
class Port {
 public:
  virtual ~Port() = default;
  virtual void send(Message message) = 0;
};

using FramePort = Port<Frame>;

}  // namespace lockstep::devices
