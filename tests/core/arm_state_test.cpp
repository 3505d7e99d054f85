#include "core/arm_state.hpp"
