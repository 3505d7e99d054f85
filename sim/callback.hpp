// Callback: a move-only `void()` callable with 48 bytes of inline storage.
//
// The scheduler stores one Callback per pending event. A lambda whose captures
// fit in 48 bytes (six pointers, or e.g. `this` + a std::vector + an int64)
// and whose move constructor is noexcept is stored inline: scheduling it
// allocates nothing. Larger (or throwing-move) callables are moved to the heap
// once, at construction; `Callback::fits_inline<F>` says which case applies,
// so hot paths can `static_assert` it.
//
// Trivially copyable callables (lambdas capturing only pointers, references
// and numbers — the common case) are moved with a plain memcpy and need no
// destructor call.
//
// sizeof(Callback) == 64: one cache line.
#pragma once

#include <cstddef>
#include <cstring>
#include <functional>
#include <new>
#include <type_traits>
#include <utility>

namespace lockstep::sim {

class Callback {
 public:
  static constexpr std::size_t inline_capacity = 48;
  static constexpr std::size_t inline_alignment = alignof(std::max_align_t);

  template <class F>
  static constexpr bool fits_inline =
      sizeof(F) <= inline_capacity &&
      alignof(F) <= inline_alignment&& std::is_nothrow_move_constructible_v<F>;

  Callback() noexcept = default;
  Callback(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)

  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, Callback> &&
           std::is_invocable_r_v<void, std::decay_t<F>&>)
      Callback(F&& f) {  // NOLINT(google-explicit-constructor)
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      invoke_ = [](void* s) { (*std::launder(static_cast<Fn*>(s)))(); };
      if constexpr (!(std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>)) {
        manage_ = [](void* dst, void* src) {
          Fn* from = std::launder(static_cast<Fn*>(src));
          if (dst != nullptr) ::new (dst) Fn(std::move(*from));
          from->~Fn();
        };
      }
    } else {
      Fn* p = new Fn(std::forward<F>(f));
      std::memcpy(storage_, &p, sizeof p);
      invoke_ = [](void* s) {
        Fn* fn;
        std::memcpy(&fn, s, sizeof fn);
        (*fn)();
      };
      manage_ = [](void* dst, void* src) {
        if (dst != nullptr) {
          std::memcpy(dst, src, sizeof(Fn*));
        } else {
          Fn* fn;
          std::memcpy(&fn, src, sizeof fn);
          delete fn;
        }
      };
    }
  }

  Callback(Callback&& o) noexcept { take(o); }
  Callback& operator=(Callback&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  // Calls the stored callable; it must not be empty.
  void operator()() { invoke_(storage_); }
  explicit operator bool() const { return invoke_ != nullptr; }

  // Destroys the stored callable (if any); the Callback becomes empty.
  void reset() noexcept {
    if (manage_ != nullptr) manage_(nullptr, storage_);
    invoke_ = nullptr;
    manage_ = nullptr;
  }

 private:
  using Invoke = void (*)(void*);
  // manage(dst, src): dst != nullptr: move-construct into dst and destroy src;
  // dst == nullptr: destroy src. nullptr manage_: trivially relocatable.
  using Manage = void (*)(void*, void*);

  void take(Callback& o) noexcept {
    if (o.manage_ != nullptr) {
      o.manage_(storage_, o.storage_);
    } else if (o.invoke_ != nullptr) {
      std::memcpy(storage_, o.storage_, inline_capacity);
    }
    invoke_ = o.invoke_;
    manage_ = o.manage_;
    o.invoke_ = nullptr;
    o.manage_ = nullptr;
  }

  alignas(inline_alignment) unsigned char storage_[inline_capacity];
  Invoke invoke_ = nullptr;
  Manage manage_ = nullptr;
};

static_assert(sizeof(Callback) == 64);

}  // namespace lockstep::sim
