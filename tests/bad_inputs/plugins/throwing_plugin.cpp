// A well-formed plugin whose strategies fail on purpose, one per place a strategy can fail: tilt
// must stop the run with an error naming the plugin, the strategy and the callback.
#include <tilt/strategy.hpp>

#include <stdexcept>

namespace {

class ThrowsInConstructor : public tilt::Strategy {
 public:
  explicit ThrowsInConstructor(tilt::Params&) {
    throw std::runtime_error("cannot start: no model file");
  }
};

class ThrowsOnStart : public tilt::Strategy {
 public:
  explicit ThrowsOnStart(tilt::Params& params) { params.finish(); }
  void on_start(tilt::Context&) override { throw std::runtime_error("on_start failed on purpose"); }
};

class ThrowsOnBook : public tilt::Strategy {
 public:
  explicit ThrowsOnBook(tilt::Params& params) { params.finish(); }
  void on_book(tilt::Context&, const tilt::Event&) override {
    throw std::runtime_error("on_book failed on purpose");
  }
};

class ThrowsOnFinish : public tilt::Strategy {
 public:
  explicit ThrowsOnFinish(tilt::Params& params) { params.finish(); }
  void on_finish(tilt::Context&) override {
    throw std::runtime_error("on_finish failed on purpose");
  }
};

// Throws something that is not a std::exception.
class ThrowsAnInt : public tilt::Strategy {
 public:
  explicit ThrowsAnInt(tilt::Params& params) { params.finish(); }
  void on_book(tilt::Context&, const tilt::Event&) override { throw 42; }
};

// Asks for a signal the run does not have.
class NeedsMissingSignal : public tilt::Strategy {
 public:
  explicit NeedsMissingSignal(tilt::Params& params) { params.finish(); }
  void on_start(tilt::Context& ctx) override { ctx.signal_handle("no_such_signal"); }
};

}  // namespace

TILT_PLUGIN_STRATEGIES(TILT_STRATEGY("throws_in_constructor", ThrowsInConstructor),
                       TILT_STRATEGY("throws_on_start", ThrowsOnStart),
                       TILT_STRATEGY("throws_on_book", ThrowsOnBook),
                       TILT_STRATEGY("throws_on_finish", ThrowsOnFinish),
                       TILT_STRATEGY("throws_an_int", ThrowsAnInt),
                       TILT_STRATEGY("needs_missing_signal", NeedsMissingSignal))
