"""Circlekeeper's window: Qt widgets that ask app/ and show the answer."""
