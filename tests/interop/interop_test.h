// The parameterized interop test; each *_test.cc instantiates it with its
// own part of the matrix.
#pragma once

#include <gtest/gtest.h>

#include "interop/exchange.h"

namespace parley::interop {

class Interop : public testing::TestWithParam<MatrixCase> {};

}  // namespace parley::interop
