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
// sizeof(Callback) == 56 (48 bytes of storage + one pointer to a per-type
// table of operations), so a scheduler slot with its bookkeeping is exactly
// one 64-byte cache line. Inline storage is pointer-aligned; over-aligned
// callables (alignof > 8) go to the heap.
#pragma once

#include <cassert>
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
  static constexpr std::size_t inline_alignment = alignof(void*);

  template <class F>
  static constexpr bool fits_inline =
      sizeof(F) <= inline_capacity &&
      alignof(F) <= inline_alignment&& std::is_nothrow_move_constructible_v<F>;

  Callback() noexcept = default;
  Callback(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)

  // The callables a Callback takes (other than a Callback).
  template <class F>
  static constexpr bool accepts = !std::is_same_v<std::remove_cvref_t<F>, Callback> &&
                                  std::is_invocable_r_v<void, std::decay_t<F>&>;

  template <class F>
  requires accepts<F> Callback(F&& f) {  // NOLINT(google-explicit-constructor)
    construct(std::forward<F>(f));
  }

  // Replaces the stored callable with f, built in place: what `*this =
  // Callback(f)` does without a Callback in between (the scheduler builds an
  // event's callable straight into its slot this way).
  template <class F>
  requires accepts<F>
  void emplace(F&& f) {
    reset();
    construct(std::forward<F>(f));
  }
  // emplace() for a Callback known to be empty (the scheduler's free slots
  // and queue entries, reset when their event ran): no reset() first.
  template <class F>
  requires accepts<F>
  void emplace_empty(F&& f) {
    assert(ops_ == nullptr);
    construct(std::forward<F>(f));
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
  void operator()() { ops_->invoke(storage_); }
  explicit operator bool() const { return ops_ != nullptr; }

  // Destroys the stored callable (if any); the Callback becomes empty.
  void reset() noexcept {
    if (ops_ != nullptr && ops_->manage != nullptr) ops_->manage(nullptr, storage_);
    ops_ = nullptr;
  }

 private:
  struct Ops {
    void (*invoke)(void* storage);
    // manage(dst, src): dst != nullptr: move-construct into dst and destroy
    // src; dst == nullptr: destroy src. nullptr: trivially relocatable (memcpy,
    // no destructor).
    void (*manage)(void* dst, void* src);
  };

  template <class Fn>
  static constexpr Ops make_ops() {
    if constexpr (fits_inline<Fn>) {
      constexpr auto invoke = [](void* s) { (*std::launder(static_cast<Fn*>(s)))(); };
      if constexpr (std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>) {
        return Ops{invoke, nullptr};
      } else {
        return Ops{invoke, [](void* dst, void* src) {
                     Fn* from = std::launder(static_cast<Fn*>(src));
                     if (dst != nullptr) ::new (dst) Fn(std::move(*from));
                     from->~Fn();
                   }};
      }
    } else {
      return Ops{[](void* s) {
                   Fn* fn;
                   std::memcpy(&fn, s, sizeof fn);
                   (*fn)();
                 },
                 [](void* dst, void* src) {
                   if (dst != nullptr) {
                     std::memcpy(dst, src, sizeof(Fn*));
                   } else {
                     Fn* fn;
                     std::memcpy(&fn, src, sizeof fn);
                     delete fn;
                   }
                 }};
    }
  }
  template <class Fn>
  static constexpr Ops kOps = make_ops<Fn>();

  template <class F>
  void construct(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
    } else {
      Fn* p = new Fn(std::forward<F>(f));
      std::memcpy(storage_, &p, sizeof p);
    }
    ops_ = &kOps<Fn>;
  }

  void take(Callback& o) noexcept {
    if (o.ops_ != nullptr) {
      if (o.ops_->manage != nullptr) {
        o.ops_->manage(storage_, o.storage_);
      } else {
        // Trivially relocatable callables move as raw bytes. The buffer's
        // tail past the callable is never initialised, which GCC's
        // -Wmaybe-uninitialized reports at -O2; copying it is harmless.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
        std::memcpy(storage_, o.storage_, inline_capacity);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
      }
    }
    ops_ = o.ops_;
    o.ops_ = nullptr;
  }

  alignas(inline_alignment) unsigned char storage_[inline_capacity];
  const Ops* ops_ = nullptr;
};

// 56 bytes: the scheduler packs one with its bookkeeping into a cache line.
static_assert(sizeof(Callback) == 56);

}  // namespace lockstep::sim
