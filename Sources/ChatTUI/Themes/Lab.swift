import Foundation

/// A colour in CIELAB (D65): lightness and two opponent axes, where distances follow how
/// different colours look. For `ColorMapping`'s choice of the nearest terminal colour.
struct Lab {
    var lightness: Double
    var a: Double
    var b: Double

    init(_ rgb: ThemeColor.RGB) {
        func linear(_ channel: UInt8) -> Double {
            let value = Double(channel) / 255
            return value <= 0.040_45 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        let (red, green, blue) = (linear(rgb.red), linear(rgb.green), linear(rgb.blue))
        let x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.950_47
        let y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        let z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.088_83
        func f(_ t: Double) -> Double { t > 0.008_856 ? cbrt(t) : 7.787 * t + 16 / 116 }
        lightness = 116 * f(y) - 16
        a = 500 * (f(x) - f(y))
        b = 200 * (f(y) - f(z))
    }

    /// The CIEDE2000 colour difference, squared (only compared, never shown).
    func difference(to other: Lab) -> Double {
        let radians = Double.pi / 180
        let meanChroma = (hypot(a, b) + hypot(other.a, other.b)) / 2
        let seventh = pow(meanChroma, 7)
        let g = 0.5 * (1 - (seventh / (seventh + pow(25, 7))).squareRoot())
        let a1 = (1 + g) * a
        let a2 = (1 + g) * other.a
        let chroma1 = hypot(a1, b)
        let chroma2 = hypot(a2, other.b)
        func hue(_ b: Double, _ a: Double) -> Double {
            let degrees = atan2(b, a) / radians
            return degrees < 0 ? degrees + 360 : degrees
        }
        let hue1 = hue(b, a1)
        let hue2 = hue(other.b, a2)
        let deltaL = other.lightness - lightness
        let deltaC = chroma2 - chroma1
        var deltaHue = 0.0
        var meanHue = hue1 + hue2
        if chroma1 * chroma2 != 0 {
            deltaHue = hue2 - hue1
            if deltaHue > 180 { deltaHue -= 360 } else if deltaHue < -180 { deltaHue += 360 }
            if abs(hue1 - hue2) <= 180 {
                meanHue = (hue1 + hue2) / 2
            } else {
                meanHue = (hue1 + hue2 + (hue1 + hue2 < 360 ? 360 : -360)) / 2
            }
        }
        let deltaH = 2 * (chroma1 * chroma2).squareRoot() * sin(deltaHue / 2 * radians)
        let meanL = (lightness + other.lightness) / 2
        let meanC = (chroma1 + chroma2) / 2
        let t =
            1 - 0.17 * cos((meanHue - 30) * radians) + 0.24 * cos(2 * meanHue * radians)
            + 0.32 * cos((3 * meanHue + 6) * radians) - 0.20 * cos((4 * meanHue - 63) * radians)
        let rotation = 30 * exp(-pow((meanHue - 275) / 25, 2))
        let meanC7 = pow(meanC, 7)
        let rC = 2 * (meanC7 / (meanC7 + pow(25, 7))).squareRoot()
        let sL = 1 + 0.015 * pow(meanL - 50, 2) / (20 + pow(meanL - 50, 2)).squareRoot()
        let sC = 1 + 0.045 * meanC
        let sH = 1 + 0.015 * meanC * t
        let rT = -sin(2 * rotation * radians) * rC
        let l = deltaL / sL
        let c = deltaC / sC
        let h = deltaH / sH
        return l * l + c * c + h * h + rT * c * h
    }
}
