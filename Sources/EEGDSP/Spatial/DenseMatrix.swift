/// A small dense row-major matrix for the spatial transforms (tens to hundreds of channels).
struct DenseMatrix: Sendable, Equatable {
    let rowCount: Int
    let columnCount: Int
    var values: [Double]

    init(rowCount: Int, columnCount: Int, repeating value: Double = 0) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        values = Array(repeating: value, count: rowCount * columnCount)
    }

    subscript(row: Int, column: Int) -> Double {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    static func identity(_ count: Int) -> DenseMatrix {
        var matrix = DenseMatrix(rowCount: count, columnCount: count)
        for index in 0..<count { matrix[index, index] = 1 }
        return matrix
    }

    /// The product `self · other`.
    func multiplied(by other: DenseMatrix) -> DenseMatrix {
        precondition(columnCount == other.rowCount, "matrix shapes do not match")
        var result = DenseMatrix(rowCount: rowCount, columnCount: other.columnCount)
        for row in 0..<rowCount {
            for inner in 0..<columnCount {
                let factor = self[row, inner]
                if factor == 0 { continue }
                for column in 0..<other.columnCount {
                    result[row, column] += factor * other[inner, column]
                }
            }
        }
        return result
    }

    /// The inverse by Gauss–Jordan elimination with partial pivoting, or `nil` when a pivot
    /// vanishes (singular to working precision).
    ///
    /// - Complexity: O(n³).
    func inverted() -> DenseMatrix? {
        precondition(rowCount == columnCount, "only square matrices are inverted")
        let count = rowCount
        var work = self
        var inverse = DenseMatrix.identity(count)
        for column in 0..<count {
            var pivotRow = column
            var pivotMagnitude = abs(work[column, column])
            for row in (column + 1)..<max(column + 1, count) where abs(work[row, column]) > pivotMagnitude {
                pivotRow = row
                pivotMagnitude = abs(work[row, column])
            }
            guard pivotMagnitude > 0, pivotMagnitude.isFinite else { return nil }
            if pivotRow != column {
                work.swapRows(pivotRow, column)
                inverse.swapRows(pivotRow, column)
            }
            let pivot = work[column, column]
            for index in 0..<count {
                work[column, index] /= pivot
                inverse[column, index] /= pivot
            }
            for row in 0..<count where row != column {
                let factor = work[row, column]
                if factor == 0 { continue }
                for index in 0..<count {
                    work[row, index] -= factor * work[column, index]
                    inverse[row, index] -= factor * inverse[column, index]
                }
            }
        }
        return inverse
    }

    private mutating func swapRows(_ first: Int, _ second: Int) {
        for column in 0..<columnCount {
            values.swapAt(first * columnCount + column, second * columnCount + column)
        }
    }
}
